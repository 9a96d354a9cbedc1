package com.coeffection.sync.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child JVM started by this process, with its output in a log file. It is tied to this process three ways:
 * {@link #close()} stops it (SIGTERM, then SIGKILL after a grace period); a shutdown hook calls close on Ctrl-C
 * and SIGTERM, unless the owner stops its children itself in its own order ({@link #ownerStopsChildren()}); and
 * {@link ParentWatch} inside the child ends it when this process dies without running hooks.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static volatile boolean ownerStops;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = ownerStops ? null : new Thread(this::stop, "stop-" + name);
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * From now on, children started by this JVM get no shutdown hook of their own: the caller promises to close them
     * on shutdown, after the parts that use them (JVM shutdown hooks run in no order, so a hook per child would stop
     * the broker while a part is still committing). Should the caller die without closing them, {@link ParentWatch}
     * still ends them.
     */
    public static void ownerStopsChildren() {
        ownerStops = true;
    }

    /**
     * Starts {@code java [jvmArgs] -cp <classpath>:<ParentWatch> ParentWatch mainClass args}, output appended to
     * {@code logFile}, standard input a pipe held open by this process.
     */
    public static ChildProcess startJava(String name, Path workDir, List<String> jvmArgs, String classpath,
                                         String mainClass, List<String> args, Map<String, String> env, Path logFile) {
        Path watchDir = installParentWatch(workDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath + java.io.File.pathSeparator + watchDir);
        command.add(ParentWatch.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            Process process = builder.start();
            log.info("Started {} (pid {}), log {}", name, process.pid(), logFile);
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Copies the ParentWatch class file into {@code workDir/parent-watch} so the child needs no jar of ours. */
    private static Path installParentWatch(Path workDir) {
        String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
        Path dir = workDir.resolve("parent-watch");
        Path target = dir.resolve(resource);
        try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Class file " + resource + " not found on the classpath");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the parent watch in " + dir, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits until {@code ready} holds, failing early if the process exits. The failure names the log file.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; see " + logFile + tail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        stop();
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + logFile + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return "\n  last lines:\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Whether the log file holds this text (used for readiness lines such as "Kafka Server started"). */
    public boolean logContains(String text) {
        try {
            return Files.exists(logFile) && Files.readString(logFile).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        log.info("Stopping {} (pid {})", name, process.pid());
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            log.info("Stopped {} (pid {})", name, process.pid());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down; the hook is running or has run
        }
    }
}
