package com.coeffection.sync.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert rules are valid, and each has a unit test that shows it firing when it should and not when it should not. */
class AlertRulesTest {

    @Test
    void theRulesFilePassesPromtoolsCheck() throws Exception {
        Promtool.Run run = Promtool.run(Promtool.RULES_DIR, null, "check", "rules", "alerts.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void everyAlertHasAUnitTestAndTheyAllPass() throws Exception {
        Set<String> alerts = names(Files.readString(Promtool.RULES_DIR.resolve("alerts.yml")), "- alert: (\\w+)");
        Set<String> tested = names(Files.readString(Promtool.RULES_DIR.resolve("alerts.test.yml")), "alertname: (\\w+)");
        assertThat(tested).as("alerts with a unit test").containsAll(alerts);

        Promtool.Run run = Promtool.run(Promtool.RULES_DIR, null, "test", "rules", "alerts.test.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    private static Set<String> names(String text, String regex) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
