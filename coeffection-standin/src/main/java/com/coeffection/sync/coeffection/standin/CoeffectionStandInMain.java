package com.coeffection.sync.coeffection.standin;

import java.util.concurrent.CountDownLatch;

/** Runs the Coeffection stand-in alone, configured by the environment ({@link CoeffectionStandInConfig}). */
public final class CoeffectionStandInMain {
    private CoeffectionStandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CoeffectionStandInConfig config = CoeffectionStandInConfig.fromEnv(System.getenv());
        if (config.port() == 0) {
            config = config.withPort(18280);
        }
        CoeffectionStandIn standIn = new CoeffectionStandIn(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "coeffection-standin-stop"));
        System.out.println("Coeffection stand-in: API " + standIn.apiUrl() + " (Bearer " + config.apiKey()
                + "), page " + standIn.baseUrl() + "/");
        stopped.await();
    }
}
