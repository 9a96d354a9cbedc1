package com.coeffection.sync.processor.routing;

import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;

/** Who made a change, from each side's event, and whether that was this pipeline. */
final class Actors {
    private Actors() {
    }

    static Actor monday(MondayItemEvent event, Long integrationUserId) {
        Long user = event.getUserId();
        ActorKind kind = user == null ? ActorKind.UNKNOWN
                : user.equals(integrationUserId) ? ActorKind.INTEGRATION : ActorKind.USER;
        return Actor.newBuilder().setKind(kind).setId(user == null ? null : "monday:" + user).build();
    }

    /** A monday event made by the integration's own user is ours; one with no user says nothing. */
    static Origin mondayOrigin(MondayItemEvent event, Long integrationUserId) {
        Long user = event.getUserId();
        if (user == null) {
            return Origin.UNATTRIBUTED;
        }
        return user.equals(integrationUserId) ? Origin.OURS : Origin.OTHERS;
    }

    /**
     * A Coeffection change applying one of our record updates (it carries the update's id as causation id) or made
     * by the integration actor is ours; one with an unknown actor says nothing.
     */
    static Origin coeffectionOrigin(RecordChange change) {
        if (change.getCausationId() != null) {
            return Origin.OURS;
        }
        ActorKind kind = change.getActor() == null ? ActorKind.UNKNOWN : change.getActor().getKind();
        return switch (kind) {
            case INTEGRATION -> Origin.OURS;
            case UNKNOWN -> Origin.UNATTRIBUTED;
            default -> Origin.OTHERS;
        };
    }
}
