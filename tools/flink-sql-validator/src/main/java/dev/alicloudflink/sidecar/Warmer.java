package dev.alicloudflink.sidecar;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background warm-up after the ready line: validates the training script a few times
 * on its own TableEnvironment, so that the JIT has compiled the planner's hot paths
 * before requests need them (a cold planner takes ~5x longer per INSERT). It stops
 * at the next statement when a request comes in and resumes once no request has come
 * for {@link #QUIET_MS}; it ends after {@link #ROUNDS} rounds or {@link #BUDGET_MS}.
 */
final class Warmer implements Runnable {
    static final int ROUNDS = 10;
    static final long BUDGET_MS = 60_000;

    /** After a request, the warm-up waits this long without one before it goes on: requests often come in bursts. */
    static final long QUIET_MS = 500;

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long lastRequestDone;
    private final Object idle = new Object();

    static Warmer start() {
        Warmer warmer = new Warmer();
        Thread thread = new Thread(warmer, "flink-sql-validator-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return warmer;
    }

    /** A request is being answered: stop at the next statement. */
    void requestStarted() {
        busy.set(true);
    }

    void requestDone() {
        lastRequestDone = System.nanoTime();
        busy.set(false);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private void waitQuiet() throws InterruptedException {
        synchronized (idle) {
            while (true) {
                if (busy.get()) {
                    idle.wait(1_000);
                    continue;
                }
                long quietFor = (System.nanoTime() - lastRequestDone) / 1_000_000;
                if (lastRequestDone == 0 || quietFor >= QUIET_MS) return;
                idle.wait(QUIET_MS - quietFor);
            }
        }
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        long deadline = started + BUDGET_MS * 1_000_000;
        SqlValidator validator = new SqlValidator(busy::get, true);
        int rounds = 0;
        try {
            while (rounds < ROUNDS && System.nanoTime() < deadline) {
                waitQuiet();
                validator.validate(Training.streaming(), false, false);
                if (!busy.get()) rounds++;
            }
            Main.log("background warm-up: " + rounds + " rounds in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            Main.log("background warm-up stopped: " + t);
        }
    }
}
