package com.coeffection.sync.drift;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconcile command's options and its message when the environment is incomplete. */
class DriftMainTest {
    @Test
    @DisplayName("Given the options of a scheduled dry run of one board, when parsed, then each is read as given, with a quarter of the budget by default")
    void optionsAreRead() {
        DriftMain main = new DriftMain(Map.of(), new SimpleMeterRegistry());

        new CommandLine(main).parseArgs("--dry-run", "--board", "42", "--entity", "Contact", "--every", "PT1H");

        assertThat(main.dryRun).isTrue();
        assertThat(main.board).isEqualTo(42L);
        assertThat(main.entity).isEqualTo("Contact");
        assertThat(main.every).isEqualTo(Duration.ofHours(1));
        assertThat(main.budgetShare).isEqualTo(0.25);
    }

    @Test
    @DisplayName("Given no broker address in the environment, when the command runs, then it stops with a message naming the variable to set")
    void missingEnvironmentIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new DriftMain(Map.of(), new SimpleMeterRegistry()));
        command.setErr(new PrintWriter(err));

        int code = command.execute("--dry-run");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("KAFKA_BOOTSTRAP_SERVERS is not set");
    }
}
