package com.coeffection.sync.connections;

import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/** The harness for tests in other packages: an admin of acme and one of globex, each signed in. */
public final class ConnectionsHarnessAccess implements AutoCloseable {
    private final ConnectionsHarness harness;
    private final Admin acme;
    private final Admin globex;

    public ConnectionsHarnessAccess(RealInfra infra, Path dir) {
        this(infra, dir, null);
    }

    /** The same, the server offering {@code starter} to a tenant that has published no mapping. */
    public ConnectionsHarnessAccess(RealInfra infra, Path dir, String starter) {
        harness = new ConnectionsHarness(infra, dir, starter);
        acme = new Admin("acme", ConnectionsHarness.ACME_TOKEN);
        globex = new Admin("globex", ConnectionsHarness.GLOBEX_TOKEN);
    }

    /** The starter board mappings of the tests (a Contact and a Lead entity, boards created automatically). */
    public static String starter() {
        return ConnectionsHarness.resource("/starter-mappings.yaml");
    }

    public Admin acme() {
        return acme;
    }

    public Admin globex() {
        return globex;
    }

    public String baseUrl() {
        return harness.app.baseUrl().toString();
    }

    public String mondayBaseUrl() {
        return harness.monday.baseUrl().toString();
    }

    public com.coeffection.sync.monday.standin.MondayStandIn monday() {
        return harness.monday;
    }

    public String acmeToken() {
        return ConnectionsHarness.ACME_TOKEN;
    }

    /** The server itself (to attach the drift runs a pipeline would). */
    public ConnectionsApp app() {
        return harness.app;
    }

    public SyncTopics topics() {
        return harness.topics;
    }

    /** A signed-in admin sending API requests. */
    public final class Admin {
        private final ConnectionsHarness.Browser browser;

        Admin(String tenant, String token) {
            browser = harness.browser();
            if (browser.signIn(tenant, token).status() != 200) {
                throw new IllegalStateException("could not sign in as admin of " + tenant);
            }
        }

        /** The answer's JSON; fails unless 200. */
        public JsonNode send(String method, String path, String yaml) {
            ConnectionsHarness.Answer answer = raw(method, path, yaml);
            if (answer.status() != 200) {
                throw new AssertionError(method + " " + path + " answered " + answer.status() + ": " + answer.body());
            }
            return answer.json();
        }

        public ConnectionsHarness.Answer raw(String method, String path, String yaml) {
            return browser.api(method, path, yaml == null ? null : ConnectionsHarness.yaml(yaml));
        }
    }

    @Override
    public void close() {
        harness.close();
    }
}
