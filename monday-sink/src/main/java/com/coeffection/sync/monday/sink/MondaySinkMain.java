package com.coeffection.sync.monday.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the monday sink worker alone, configured from environment variables ({@link MondaySinkConfig#fromEnv});
 * stops cleanly on SIGTERM / Ctrl-C.
 */
public final class MondaySinkMain {
    private static final Logger LOG = LoggerFactory.getLogger(MondaySinkMain.class);

    private MondaySinkMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MondaySinkConfig config = MondaySinkConfig.fromEnv(System.getenv());
        MondaySinkWorker worker = new MondaySinkWorker(config);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            done.countDown();
        }, "monday-sink-shutdown"));
        worker.start();
        LOG.info("monday sink running; stop with SIGTERM");
        done.await();
    }
}
