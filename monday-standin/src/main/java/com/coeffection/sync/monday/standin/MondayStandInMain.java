package com.coeffection.sync.monday.standin;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the monday stand-in on its own: {@code mvn -q -o -pl connector-monday exec:java} (port from STANDIN_PORT,
 * default 8088; see docs/monday-connector.md for the other variables). Prints the API URL and token.
 */
public final class MondayStandInMain {
    private MondayStandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StandInConfig config = StandInConfig.fromEnv(System.getenv());
        if (!System.getenv().containsKey("STANDIN_PORT")) {
            config = config.withPort(8088);
        }
        MondayStandIn standIn = MondayStandIn.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }));
        System.out.println("monday stand-in: MONDAY_API_URL=" + standIn.apiUrl() + " MONDAY_API_TOKEN=" + standIn.token()
                + " (integration user " + standIn.integrationUserId() + "); state at " + standIn.baseUrl() + "/standin/state");
        stopped.await();
    }
}
