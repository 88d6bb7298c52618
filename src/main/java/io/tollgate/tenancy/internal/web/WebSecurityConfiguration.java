package io.tollgate.tenancy.internal.web;

import java.time.Clock;

import io.tollgate.platform.RateLimits;
import io.tollgate.platform.SecurityHeaders;
import io.tollgate.tenancy.internal.sso.SsoLogin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The doors of the main port that people use: the operators' management port and the console, which signs people
 * in with a form or through their organisation's OIDC identity provider. The public API's door ({@code /v1}) is the identity module's {@code ApiSecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class WebSecurityConfiguration {

    /**
     * The management port: probes and metrics are open (the port is for the operators' network only); commands
     * need the ops user's basic credentials, and refuse everyone while {@code TOLLGATE_OPS_PASSWORD} is unset.
     */
    @Bean
    @Order(5)
    SecurityFilterChain operatorChain(HttpSecurity http, PasswordEncoder passwordEncoder,
                                      @Value("${tollgate.ops.username:ops}") String opsUser,
                                      @Value("${tollgate.ops.password:}") String opsPassword) throws Exception {
        var operators = opsPassword.isBlank() ? new InMemoryUserDetailsManager()
                : new InMemoryUserDetailsManager(User.withUsername(opsUser)
                        .password(passwordEncoder.encode(opsPassword)).roles("OPS").build());
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to("health", "info", "prometheus")).permitAll()
                        .anyRequest().hasRole("OPS"))
                .httpBasic(basic -> basic.realmName("tollgate-ops"))
                .userDetailsService(operators)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** Before Spring Security, so an ended session is gone before anyone reads it (console and /v1 alike). */
    @Bean
    FilterRegistrationBean<SessionLifetimeFilter> sessionLifetimeFilter(SessionProperties properties, JdbcTemplate jdbc,
                                                                        Clock clock) {
        var registration = new FilterRegistrationBean<>(new SessionLifetimeFilter(properties, jdbc, clock));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5);
        return registration;
    }

    @Bean
    @Order(20)
    SecurityFilterChain consoleChain(HttpSecurity http, TenantChoosingLoginSuccessHandler loginSuccess,
                                     AuditingLoginFailureHandler loginFailure, RateLimits rateLimits,
                                     SsoLogin ssoLogin, SsoSignInSuccessHandler ssoSuccess)
            throws Exception {
        return http
                .addFilterBefore(new SignInThrottleFilter(rateLimits), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/login", "/login/continue", "/signup", "/invitations/**", "/error", "/error/**",
                                "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/app/**").authenticated()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").usernameParameter("email")
                        .successHandler(loginSuccess).failureHandler(loginFailure).permitAll())
                .oauth2Login(oauth2 -> ssoLogin.configure(oauth2, ssoSuccess))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                        .deleteCookies("TOLLGATE_SESSION"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new ConsoleEntryPoint()))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(SecurityHeaders.strict())
                .build();
    }
}
