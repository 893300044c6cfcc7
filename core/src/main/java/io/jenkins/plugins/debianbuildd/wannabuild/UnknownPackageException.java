package io.jenkins.plugins.debianbuildd.wannabuild;

/** The package has no row in this suite and architecture (wanna-build's "not registered yet"). */
public class UnknownPackageException extends WannaBuildException {
    private static final long serialVersionUID = 1L;

    private final String packageName;

    public UnknownPackageException(String suite, String arch, String packageName) {
        super(packageName + " (" + suite + "/" + arch + "): not registered yet");
        this.packageName = packageName;
    }

    /** wanna-build's line: {@code hello: not registered yet.} */
    public String wannaBuildMessage() {
        return packageName + ": not registered yet.";
    }
}
