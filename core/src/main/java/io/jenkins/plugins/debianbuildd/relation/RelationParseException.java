package io.jenkins.plugins.debianbuildd.relation;

/** A relation field that cannot be parsed; the message quotes the field and names the problem. */
public final class RelationParseException extends IllegalArgumentException {
    public RelationParseException(String message) {
        super(message);
    }
}
