package com.coeffection.sync.ingress;

import com.coeffection.sync.contract.ErrorType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypeTest {

    @Test
    void everyWebhookProblemIsReportedAsTheSharedErrorTypeOfTheSameName() {
        for (ProblemType problem : ProblemType.values()) {
            assertThat(problem.errorType()).isNotEqualTo(ErrorType.OTHER);
            assertThat(problem.errorType().name()).isEqualTo(problem.name());
        }
    }
}
