package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.schema.MondayItemEvent;

import java.util.List;
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

    /**
     * The same, with the people left without an email ({@link Unresolved}); never fails. The event goes on either
     * way; the route writes a history entry naming the people that stayed unresolved.
     */
    default CompletableFuture<Resolved> resolve(MondayItemEvent event) {
        return withEmails(event).thenApply(e -> new Resolved(e, List.of()));
    }

    /** The event with the emails monday gave, and the people it could not name. */
    record Resolved(MondayItemEvent event, List<Unresolved> unresolved) {
        public Resolved {
            unresolved = List.copyOf(unresolved);
        }
    }

    /**
     * A person chosen on monday who keeps only the monday user id.
     *
     * @param userId    monday's user id
     * @param columnId  the monday column that names the person
     * @param errorType {@link ErrorType#UNKNOWN_PERSON} when monday has no such user,
     *                  {@link ErrorType#PERSON_UNRESOLVED} when monday could not be asked
     * @param reason    why, in words for a support person
     */
    record Unresolved(long userId, String columnId, ErrorType errorType, String reason) {
    }
}
