package io.jenkins.plugins.debianbuildd.wannabuild;

/** The database failed (connection, SQL, migration); the operation's transaction was rolled back. */
public class StoreException extends WannaBuildException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
