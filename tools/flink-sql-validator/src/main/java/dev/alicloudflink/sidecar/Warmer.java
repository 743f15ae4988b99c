package dev.alicloudflink.sidecar;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background warm-up after the ready line: validates the training script a few times
 * on its own TableEnvironment, so that the JIT has compiled the planner's hot paths
 * before requests need them (a cold planner takes ~5x longer per INSERT). It stops
 * between statements while a request is being answered and resumes once idle; it
 * ends after {@link #ROUNDS} rounds or {@link #BUDGET_MS}.
 */
final class Warmer implements Runnable {
    static final int ROUNDS = 10;
    static final long BUDGET_MS = 60_000;

    private final AtomicBoolean busy = new AtomicBoolean();
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
        busy.set(false);
        synchronized (idle) {
            idle.notifyAll();
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
                synchronized (idle) {
                    while (busy.get()) idle.wait(1_000);
                }
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
