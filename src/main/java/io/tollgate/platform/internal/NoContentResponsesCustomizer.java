package io.tollgate.platform.internal;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * A handler that answers {@code ResponseEntity<Void>} (deletes, revocations) sends 204 with no body; springdoc would
 * document a 200 with an empty object.
 */
@Component
class NoContentResponsesCustomizer implements GlobalOperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        if (!answersNoContent(handlerMethod) || operation.getResponses() == null) {
            return operation;
        }
        ApiResponse ok = operation.getResponses().remove("200");
        if (!operation.getResponses().containsKey("204")) {
            operation.getResponses().addApiResponse("204", new ApiResponse()
                    .description(ok == null || ok.getDescription() == null || ok.getDescription().equals("OK")
                            ? "Done; no content" : ok.getDescription()));
        }
        return operation;
    }

    private static boolean answersNoContent(HandlerMethod handlerMethod) {
        Type type = handlerMethod.getMethod().getGenericReturnType();
        return type instanceof ParameterizedType parameterized
                && parameterized.getRawType() == ResponseEntity.class
                && parameterized.getActualTypeArguments()[0] == Void.class;
    }
}
