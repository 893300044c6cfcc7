package io.jenkins.plugins.debianbuildd.cli;

import picocli.CommandLine;

/** A usage mistake (unknown option, missing or malformed argument): one line on standard error, exit code 2. */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println(cl.getColorScheme().errorText(name + ": " + ex.getMessage() + " (see '" + name + " --help')"));
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
}
