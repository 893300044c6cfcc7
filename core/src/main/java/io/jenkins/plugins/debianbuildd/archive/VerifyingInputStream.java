package io.jenkins.plugins.debianbuildd.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes what passes through and fails at the end of the stream (or as soon as it is too long) when the
 * content is not what the Release file says. A reader that reaches the end without an exception has read
 * exactly the verified content, so nothing it built before may be used when this throws.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final String what;
    private final long expectedSize;
    private final String expectedSha256;
    private final MessageDigest digest;
    private long count;
    private boolean checked;

    VerifyingInputStream(InputStream in, String what, long expectedSize, String expectedSha256) {
        super(in);
        this.what = what;
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int r = read(one, 0, 1);
        return r < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int r = in.read(b, off, len);
        if (r < 0) {
            check();
            return -1;
        }
        digest.update(b, off, r);
        count += r;
        if (count > expectedSize) {
            throw new IndexVerificationException(what + ": larger than the " + expectedSize
                    + " bytes its Release entry gives (hash sum mismatch)");
        }
        return r;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != expectedSize) {
            throw new IndexVerificationException(what + ": size " + count + " differs from the Release entry (" + expectedSize
                    + " bytes): hash sum mismatch");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new IndexVerificationException(what + ": SHA256 " + actual + " differs from the Release entry "
                    + expectedSha256 + ": hash sum mismatch");
        }
    }
}
