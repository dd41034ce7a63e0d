package dev.referral.sidecar.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per SQLite file: it releases every claim at start and writes through one writer, so a second process
 * on the same file would send the same rows. An exclusive lock on {@code <file>.lock}, held for the life of the
 * store, makes the second one refuse to start. The operating system drops the lock when the process dies, however
 * it dies.
 */
final class SqliteLock {

    private final FileChannel channel;
    private final FileLock lock;

    private SqliteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the directory of the SQLite file that {@code url} names, then takes the file's lock. */
    static SqliteLock forUrl(String url) {
        String file = file(url);
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the store directory " + parent, e);
        }
        return acquire(file);
    }

    /** The file a {@code jdbc:sqlite:} URL names, without its options. */
    static String file(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        return query < 0 ? file : file.substring(0, query);
    }

    static SqliteLock acquire(String database) {
        Path file = Path.of(database + ".lock").toAbsolutePath();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new SqliteLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // This JVM holds it already: a second store in one process is the same mistake.
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("Cannot lock the store file " + file, e);
        }
        close(channel);
        throw new IllegalStateException("Another sidecar process is using the SQLite store " + database
                + " (locked: " + file + "). One process per SQLite file: stop the other one, give this one its own "
                + "REFERRAL_STORE_URL, or use PostgreSQL for several replicas.");
    }

    void release() {
        try {
            lock.release();
        } catch (IOException e) {
            // The channel is closed next, which releases the lock anyway.
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing held any more.
        }
    }
}
