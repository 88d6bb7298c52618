package io.tollgate.platform;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Who the current unit of work acts for. A binding only lives inside {@link #call}: it is restored when the
 * call returns, so it never outlives a request or a system job. Transactions begun inside the call bind the
 * tenant to the database session ({@code app.tenant_id}) as their first statement.
 */
public final class TenantScope {

    /** The tenant and (when a person acts) the user a unit of work is bound to, and who acts. */
    public record Binding(@Nullable TenantId tenant, @Nullable UserId user, @Nullable Actor actor) {

        public Binding(@Nullable TenantId tenant, @Nullable UserId user) {
            this(tenant, user, null);
        }

        public static Binding tenant(TenantId tenant) {
            return new Binding(tenant, null);
        }

        public static Binding user(UserId user) {
            return new Binding(null, user);
        }
    }

    private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

    private TenantScope() {
    }

    public static <T> T call(Binding binding, Supplier<T> work) {
        Binding previous = CURRENT.get();
        CURRENT.set(binding);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static void run(Binding binding, Runnable work) {
        call(binding, () -> {
            work.run();
            return null;
        });
    }

    public static Optional<TenantId> currentTenant() {
        Binding binding = CURRENT.get();
        return binding == null ? Optional.empty() : Optional.ofNullable(binding.tenant());
    }

    public static Optional<UserId> currentUser() {
        Binding binding = CURRENT.get();
        return binding == null ? Optional.empty() : Optional.ofNullable(binding.user());
    }

    /** The acting party; system work when nobody else is named. */
    public static Actor currentActor() {
        Binding binding = CURRENT.get();
        return binding == null || binding.actor() == null ? Actor.SYSTEM : binding.actor();
    }

    /** The actor named by the enclosing binding, if any; lets nested bindings keep who acts. */
    static @Nullable Actor namedActor() {
        Binding binding = CURRENT.get();
        return binding == null ? null : binding.actor();
    }

    public static TenantId requireTenant() {
        return currentTenant().orElseThrow(NoTenantException::new);
    }
}
