package com.coeffection.sync.launcher;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "infra", "ingress", "processor", "sink", "standin", "status"})
    void everyCommandAnswersHelpWithItsUsage(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int code = cli.execute(command, "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: monday-sync " + command).contains("--help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"standin"})
    void theStandInCommandNamesItsSettings(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.execute(command, "--help");
        assertThat(out.toString()).contains("MONDAY_SIGNING_SECRET").contains("STANDIN_TOKEN");
    }
}
