package io.tollgate.tenancy.internal.web;

import io.tollgate.platform.TenantScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Console pages work inside an organisation; without one chosen, a person is sent to pick or create one. */
@Configuration(proxyBeanMethods = false)
class TenantRequiredInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (TenantScope.currentTenant().isPresent()) {
            return true;
        }
        response.sendRedirect(request.getContextPath() + "/app/organizations");
        return false;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/app/**").excludePathPatterns("/app/organizations",
                "/app/organizations/**", "/app");
    }
}
