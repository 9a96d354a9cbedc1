package com.coeffection.sync.infra;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM the launcher starts (broker, registry). It runs the real main class and, on a
 * daemon thread, reads standard input, which is a pipe from the parent: when the parent dies for any reason,
 * kill -9 included, the pipe closes, the read returns end-of-stream, and this JVM exits through its shutdown
 * hooks. No process is left behind.
 *
 * <p>This class must depend on nothing but the JDK: it is copied alone onto the child's classpath.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ParentWatch <main-class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ParentWatch::watchParent, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        Class<?> mainClass = Class.forName(args[0]);
        Method main = mainClass.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end-of-stream
        }
        System.err.println("[parent-watch] parent process is gone; shutting down");
        System.exit(0);
    }
}
