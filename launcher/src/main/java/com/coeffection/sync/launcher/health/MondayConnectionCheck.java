package com.coeffection.sync.launcher.health;

import com.coeffection.sync.monday.sink.retry.ConnectionState;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * One tenant's monday connection as the sink last saw it ({@code monday-<tenant>}, readiness): up while ready, or
 * backing off for a while (monday asked it to wait; it resumes by itself); down when monday refused the token
 * (reconnect needed) or the account's daily limit is reached (delivery resumes after monday's reset). Before the
 * sink's first request for the tenant it is up, saying so.
 */
public final class MondayConnectionCheck implements Check {
    private final String tenant;
    private final Function<String, Optional<ConnectionState>> states;
    private final Clock clock;

    public MondayConnectionCheck(String tenant, Function<String, Optional<ConnectionState>> states, Clock clock) {
        this.tenant = tenant;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "monday-" + tenant;
    }

    @Override
    public Result check() {
        return judge(states.apply(tenant), clock);
    }

    /** The verdict for a connection state (empty: no request yet). */
    public static Result judge(Optional<ConnectionState> state, Clock clock) {
        if (state.isEmpty()) {
            return Result.up("no request to monday yet");
        }
        ConnectionState s = state.get();
        if (s instanceof ConnectionState.Ready) {
            return Result.up("ready");
        }
        if (s instanceof ConnectionState.BackingOff b) {
            return Result.up("backing off until " + b.until() + " (" + b.code() + "); resumes by itself");
        }
        if (s instanceof ConnectionState.Revoked r) {
            return Result.down("monday refused the token since " + r.since() + " (" + r.code()
                    + "): reconnect the tenant from Admin Settings; its changes wait and are delivered after it");
        }
        if (s instanceof ConnectionState.DailyLimit d) {
            return Result.down("monday's daily call limit is reached; delivery resumes after " + d.until());
        }
        return Result.down("unknown connection state " + s + " at " + clock.instant());
    }
}
