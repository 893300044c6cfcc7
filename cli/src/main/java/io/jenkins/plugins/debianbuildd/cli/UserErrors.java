package io.jenkins.plugins.debianbuildd.cli;

import io.jenkins.plugins.debianbuildd.archive.IndexVerificationException;
import io.jenkins.plugins.debianbuildd.chroot.ChrootException;
import io.jenkins.plugins.debianbuildd.exec.ExecException;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.openpgp.SignatureException;
import io.jenkins.plugins.debianbuildd.repo.RepreproException;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause or fix (bad files, bad signatures, unreachable mirrors, a database that
 * refuses or cannot be reached) into one readable line and exit code 1, and bad arguments into one line and
 * exit code 2; only real bugs show a stack trace (with --verbose or the debug property).
 */
public final class UserErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int EXIT_FAILURE = 1;

    /** Installs both handlers on {@code cl} (and its subcommands); returns it. */
    public static CommandLine install(CommandLine cl) {
        UserErrors handler = new UserErrors();
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        return cl;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof FormatException || t instanceof SignatureException || t instanceof IndexVerificationException
                || t instanceof WannaBuildException || t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException || t instanceof RepreproException || t instanceof ChrootException
                || t instanceof ExecException) {
            String message = t instanceof NoSuchFileException ? "no such file: " + t.getMessage() : t.getMessage();
            cl.getErr().println(cl.getColorScheme().errorText("error: " + message));
            if (Boolean.getBoolean("buildd.debug")) {
                t.printStackTrace(cl.getErr());
            }
            cl.getErr().flush();
            return EXIT_FAILURE;
        }
        cl.getErr().println(cl.getColorScheme().errorText("internal error: " + t));
        t.printStackTrace(cl.getErr());
        return 70;
    }

    /** One line: {@code wanna-build: Unknown option: '--lsit' (did you mean --list?)}, exit code 2. */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        StringBuilder line = new StringBuilder(cl.getCommandSpec().qualifiedName()).append(": ").append(ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
        } else if (!line.toString().contains("--help")) {
            line.append(" (see ").append(cl.getCommandSpec().qualifiedName()).append(" --help)");
        }
        cl.getErr().println(cl.getColorScheme().errorText(line.toString().replace('\n', ' ')));
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
}
