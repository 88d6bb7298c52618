package io.tollgate.tenancy.internal;

import java.util.Optional;

import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.UserId;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Local accounts: loading them for sign-in and checking a password outside the sign-in form. */
@Service
public class AccountService implements UserDetailsService {

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;
    private final TenantTransactions transactions;

    AccountService(UserAccountRepository users, PasswordEncoder passwordEncoder, TenantTransactions transactions) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.transactions = transactions;
    }

    @Override
    public ConsoleUser loadUserByUsername(String email) {
        return findByEmail(email).filter(user -> user.getPassword() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no local account"));
    }

    public Optional<ConsoleUser> findByEmail(String email) {
        return transactions.inScope(new TenantScope.Binding(null, null),
                () -> users.findByEmail(email.trim()).map(AccountService::toPrincipal));
    }

    public ConsoleUser principal(UserId id) {
        return transactions.inScope(new TenantScope.Binding(null, null),
                () -> users.findById(id.value()).map(AccountService::toPrincipal))
                .orElseThrow(() -> new UsernameNotFoundException("no account"));
    }

    boolean passwordMatches(ConsoleUser user, String rawPassword) {
        return user.getPassword() != null && passwordEncoder.matches(rawPassword, user.getPassword());
    }

    String encode(String rawPassword) {
        return passwordEncoder.encode(rawPassword);
    }

    static ConsoleUser toPrincipal(UserAccount account) {
        return new ConsoleUser(account.id(), account.email(), account.displayName(), account.passwordHash());
    }
}
