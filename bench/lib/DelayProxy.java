import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that holds every chunk it forwards, in each direction, for a fixed time before passing it on, in order:
 * a database "a network away" on one machine, for bench/remote-store.sh. With DELAY_US microseconds each way, a round
 * trip through it takes 2 × DELAY_US more than through the same proxy with a delay of 0 (the script measures both).
 * Each direction of each connection has a reader thread and a sender thread that waits for each chunk's time (the
 * kernel's timer slack, about 50 µs, is the precision). Nothing is merged, split or reordered.
 * Usage: java bench/lib/DelayProxy.java PORT TARGET_HOST TARGET_PORT DELAY_US
 */
public class DelayProxy {

    /** A chunk and the time it may go on ({@link System#nanoTime}); an empty chunk closes the other side. */
    record Chunk(byte[] bytes, long due) {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String host = args[1];
        int target = Integer.parseInt(args[2]);
        long delayNanos = Long.parseLong(args[3]) * 1_000;
        try (ServerSocket server = new ServerSocket(port, 64, InetAddress.getLoopbackAddress())) {
            System.out.println("delay proxy on " + port + ": " + args[3] + " us each way");
            while (true) {
                Socket in = server.accept();
                Socket out = new Socket(host, target);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                pipe(in, out, delayNanos);
                pipe(out, in, delayNanos);
            }
        }
    }

    private static void pipe(Socket from, Socket to, long delayNanos) throws IOException {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream input = from.getInputStream();
        OutputStream output = to.getOutputStream();
        start(() -> {
            byte[] buffer = new byte[65536];
            try {
                for (int n; (n = input.read(buffer)) > 0;) {
                    queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException e) {
                // The connection is gone: close the other side after what is queued.
            }
            queue.add(new Chunk(new byte[0], System.nanoTime() + delayNanos));
        });
        start(() -> {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    for (long wait; (wait = chunk.due() - System.nanoTime()) > 0;) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes().length == 0) {
                        break;
                    }
                    output.write(chunk.bytes());
                    output.flush();
                }
            } catch (IOException | InterruptedException e) {
                // Fall through to close.
            }
            try {
                to.close();
                from.close();
            } catch (IOException e) {
                // Already closed.
            }
        });
    }

    private static void start(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
    }

    private DelayProxy() {
    }
}
