package com.coeffection.sync.ingress;

import java.util.Objects;

/**
 * Why a webhook body, or a part of it, cannot go to its topic: a typed error and a message a support person can
 * act on. The message never holds a secret or a token.
 *
 * @param type    what kind of problem
 * @param message what is wrong and, where it helps, what to do
 */
public record WebhookProblem(ProblemType type, String message) {
    public WebhookProblem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }
}
