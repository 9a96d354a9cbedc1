package com.coeffection.sync.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The parts a process started, stopped in reverse order; a part that fails to stop does not keep the others running. */
final class Parts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Parts.class);

    private final List<AutoCloseable> started = new ArrayList<>();

    synchronized <T extends AutoCloseable> T keep(T part) {
        started.add(part);
        return part;
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            String name = started.get(i).getClass().getSimpleName();
            try {
                long t0 = System.nanoTime();
                started.get(i).close();
                log.info("Stopped {} ({} ms)", name, (System.nanoTime() - t0) / 1_000_000);
            } catch (Exception e) {
                log.warn("Error while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
