package io.jenkins.plugins.debianbuildd.exec;

/** Receives a process's output one line at a time (without the line end), in order, from one thread. */
@FunctionalInterface
public interface LineSink {
    void line(String line);

    LineSink DISCARD = line -> { };
}
