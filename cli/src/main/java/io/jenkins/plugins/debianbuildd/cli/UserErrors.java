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
import picocli.CommandLine;

/**
 * Turns the errors a user can cause or fix (bad files, bad signatures, unreachable mirrors) into one
 * readable line and exit code 1; only real bugs show a stack trace (with --verbose or the debug property).
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof FormatException || t instanceof SignatureException || t instanceof IndexVerificationException
                || t instanceof IOException || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof WannaBuildException || t instanceof RepreproException || t instanceof ChrootException
                || t instanceof ExecException) {
            cl.getErr().println(cl.getColorScheme().errorText("error: " + t.getMessage()));
            if (Boolean.getBoolean("buildd.debug")) {
                t.printStackTrace(cl.getErr());
            }
            return EXIT_FAILURE;
        }
        cl.getErr().println(cl.getColorScheme().errorText("internal error: " + t));
        t.printStackTrace(cl.getErr());
        return 70;
    }
}
