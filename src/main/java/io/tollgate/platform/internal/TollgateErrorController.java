package io.tollgate.platform.internal;

import java.io.IOException;
import java.util.Map;

import io.tollgate.platform.DatabaseOutage;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.ModelAndView;

/**
 * The last stop for errors no controller answered (unknown paths, 405 before any handler, filters' sendError,
 * console exceptions): problem+json for the API doors, a friendly page for people. The path decides, not the
 * Accept header. Neither shows exception text, except the user-safe message of a {@link NotFoundException}.
 */
@Controller
class TollgateErrorController implements ErrorController {

    @RequestMapping("/error")
    @Nullable ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean outage = DatabaseOutage.isOutage(failure(request));
        int status = outage ? 503 : status(request);
        if (outage) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        }
        String safeMessage = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) instanceof NotFoundException e
                ? e.getMessage() : request.getAttribute(RequestTextFilter.REFUSAL_ATTRIBUTE) instanceof String refusal
                ? refusal : null;
        if (isApi(request)) {
            ProblemResponses.write(request, response, status, ProblemTypes.forStatus(status),
                    outage ? DatabaseOutage.DETAIL : safeMessage != null ? safeMessage : problemDetail(status));
            return null;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = status == 404 ? "We could not find that page"
                : outage ? "Tollgate is briefly unavailable" : known == null ? "Error" : known.getReasonPhrase();
        return new ModelAndView("error", Map.of("status", status, "title", title,
                "message", safeMessage != null ? safeMessage : friendlyMessage(status)), HttpStatus.valueOf(status));
    }

    /** The exception that ended the request, whether the dispatcher or the container recorded it. */
    private static @Nullable Throwable failure(HttpServletRequest request) {
        Object dispatched = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
        Object contained = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        return dispatched instanceof Throwable t ? t : contained instanceof Throwable t ? t : null;
    }

    private static boolean isApi(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString();
        return path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/webhooks/");
    }

    private static int status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer value && value >= 400 ? value : 500;
    }

    private static String problemDetail(int status) {
        return switch (status) {
            case 404 -> "There is no resource at this path.";
            case 405 -> "This method is not supported on this resource.";
            case 413 -> "The request body is too large.";
            case 414 -> "The URL is too long.";
            case 415 -> "This content type is not supported; send application/json.";
            case 401 -> "Authentication is required.";
            case 403 -> "You are not allowed to do this.";
            default -> status >= 500 ? "Something went wrong on our side. Quote the request id when you contact support."
                    : "The request could not be processed.";
        };
    }

    private static String friendlyMessage(int status) {
        return switch (status) {
            case 404 -> "The page does not exist, or you do not have access to it.";
            case 403 -> "Your role does not allow this. Ask an administrator of your organisation.";
            case 405, 400 -> "That request did not work. Go back and try again.";
            case 414 -> "That address is too long. Check the link and try again.";
            case 503 -> "Tollgate cannot reach its database right now. Nothing you did caused this: wait a few seconds "
                    + "and try again. If you were saving a change, check whether it was saved before you repeat it.";
            default -> status >= 500 ? "Something went wrong on our side. Please try again in a moment."
                    : "That request could not be processed.";
        };
    }
}
