package io.jenkins.plugins.debianbuildd.wannabuild;

/**
 * An action that the package's current state (or holder, or version) does not allow. Nothing was changed.
 *
 * <p>{@link #getMessage()} names the package, suite, architecture, state and action;
 * {@link #wannaBuildMessage()} is what wanna-build prints in that case ({@code hello: NOT OK!} followed by
 * the reason for a take, {@code hello: not taken for building (state is Installed). Skipping.} for others),
 * for a command line that behaves like wanna-build.
 */
public class IllegalTransitionException extends WannaBuildException {
    private static final long serialVersionUID = 1L;

    private final String suite;
    private final String arch;
    private final String packageName;
    private final State state;
    private final Action action;
    private final String reason;
    private final String wannaBuildMessage;

    public IllegalTransitionException(String suite, String arch, String packageName, State state, Action action,
            String reason, String wannaBuildMessage) {
        super(packageName + " (" + suite + "/" + arch + "): cannot " + describe(action) + " in state "
                + (state == null ? "(not registered)" : state.debianName()) + ": " + reason);
        this.suite = suite;
        this.arch = arch;
        this.packageName = packageName;
        this.state = state;
        this.action = action;
        this.reason = reason;
        this.wannaBuildMessage = wannaBuildMessage;
    }

    private static String describe(Action a) {
        return a.logName().replaceFirst("^--", "").replace(':', ' ').replaceAll("\\s+", " ");
    }

    public String suite() {
        return suite;
    }

    public String arch() {
        return arch;
    }

    public String packageName() {
        return packageName;
    }

    /** The state the package was in (null when it had no row). */
    public State state() {
        return state;
    }

    public Action action() {
        return action;
    }

    /** Why, in wanna-build's words ({@code already taken by buildd-x}). */
    public String reason() {
        return reason;
    }

    /** The lines wanna-build prints for this refusal. */
    public String wannaBuildMessage() {
        return wannaBuildMessage;
    }
}
