package io.jenkins.plugins.debianbuildd.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The compressions apt reads index files in. The format is recognised by its magic bytes, not by the
 * file name, so a mislabelled file is still read correctly.
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    BZIP2(".bz2"),
    XZ(".xz"),
    LZMA(".lzma"),
    ZSTD(".zst"),
    LZ4(".lz4");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    /** The file name suffix Debian archives use, empty for {@link #NONE}. */
    public String extension() {
        return extension;
    }

    /** The order apt prefers when a Release file lists several (APT::Compressor priorities). */
    public static final Compression[] APT_PREFERENCE = {XZ, ZSTD, BZIP2, LZMA, GZIP, LZ4, NONE};

    public static Compression fromFileName(String name) {
        for (Compression c : values()) {
            if (c != NONE && name.endsWith(c.extension)) {
                return c;
            }
        }
        return NONE;
    }

    /** Recognises the compression from the first bytes; the stream must support mark/reset. */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        int n = head.length;
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return BZIP2;
        }
        if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z' && head[5] == 0) {
            return XZ;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (n >= 4 && head[0] == 0x04 && head[1] == 0x22 && head[2] == 0x4d && head[3] == 0x18) {
            return LZ4;
        }
        if (n >= 3 && head[0] == 0x5d && head[1] == 0 && head[2] == 0) {
            return LZMA;
        }
        return NONE;
    }

    /** Wraps {@code raw} in the decompressor its first bytes call for. */
    public static InputStream decompressing(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        return detect(in).open(in);
    }

    /**
     * Opens a (possibly compressed) file for reading. An xz file is decompressed by the native {@code xz}
     * of Debian's xz-utils when it is installed (about twice as fast as the Java decoder, and on another
     * core than the reader); a corrupt file is an IOException at the end of the stream either way.
     */
    public static InputStream open(java.nio.file.Path file) throws IOException {
        InputStream raw = new BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16);
        try {
            Compression c = detect(raw);
            if (c == XZ && NativeXz.available()) {
                raw.close();
                return NativeXz.open(file);
            }
            return c.open(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** A decompressing stream over {@code in} (which is then owned by the result). */
    public InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            // The JDK's zlib binding is the fastest gzip reader and handles concatenated members.
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case LZMA -> new org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream(in);
            case ZSTD -> new ZstdCompressorInputStream(in);
            case LZ4 -> new FramedLZ4CompressorInputStream(in, true);
        };
    }
}
