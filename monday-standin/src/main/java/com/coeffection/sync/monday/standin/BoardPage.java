package com.coeffection.sync.monday.standin;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code GET /standin/boards}: a read-only page of the stand-in's boards for a person watching items arrive: each
 * board with its groups, items and column values, refreshed every second from {@code /standin/state}.
 */
final class BoardPage {
    private BoardPage() {
    }

    static void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream page = BoardPage.class.getResourceAsStream("/monday-standin/boards.html")) {
            if (page == null || !"GET".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(page == null ? 500 : 405, -1);
                return;
            }
            byte[] body = page.readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
