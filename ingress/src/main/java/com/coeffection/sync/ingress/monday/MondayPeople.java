package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.schema.MondayItemEvent;

import java.util.concurrent.CompletableFuture;

/**
 * Gives the people a monday webhook names (monday user ids only) their emails, before the event is written:
 * Coeffection identifies people by email, so a person chosen on monday must reach it with one.
 */
@FunctionalInterface
public interface MondayPeople {
    /** Leaves events as monday sent them (no monday connection configured). */
    MondayPeople NONE = event -> CompletableFuture.completedFuture(event);

    /** The event with each person's email and name added where monday knows them; never fails. */
    CompletableFuture<MondayItemEvent> withEmails(MondayItemEvent event);
}
