package com.coeffection.sync.processor.routing;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptCommitsTest {
    @Test
    @DisplayName("Given a fresh input, a commit is asked for at once; not again within 10 ms; never after an input that waited (the processor is behind)")
    void commitsPromptlyOnlyWhileCaughtUp() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        PromptCommits commits = new PromptCommits();
        long now = 1_000_000;

        assertThat(commits.after(now - 5, now, context)).isTrue();
        assertThat(context.committed()).isTrue();
        context.resetCommit();

        assertThat(commits.after(now + 2, now + 4, context)).as("within the gap").isFalse();
        assertThat(commits.after(now + 20 - PromptCommits.FRESH_MS - 1, now + 20, context)).as("a queued input").isFalse();
        assertThat(context.committed()).isFalse();

        assertThat(commits.after(now + 30, now + 31, context)).isTrue();
        assertThat(context.committed()).isTrue();
    }
}
