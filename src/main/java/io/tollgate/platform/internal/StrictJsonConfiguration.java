package io.tollgate.platform.internal;

import io.tollgate.platform.ControlCharacters;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The application's JSON mapper reads exactly what the API documents (ADR 0043): no unknown fields, no repeated
 * keys, no scalar coercion (a number where a string is documented, {@code "12"} for a count, {@code 1.5} for a whole
 * number, {@code 1} for a boolean), and no control characters in any string. A refusal names the field at fault
 * (see ApiExceptionHandler).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(LogicalType.Textual, refuse(CoercionInputShape.Integer, CoercionInputShape.Float,
                        CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, refuse(CoercionInputShape.Float, CoercionInputShape.String,
                        CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, refuse(CoercionInputShape.String, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, refuse(CoercionInputShape.Integer, CoercionInputShape.Float,
                        CoercionInputShape.String))
                .withCoercionConfig(LogicalType.Enum, refuse(CoercionInputShape.Integer))
                .addModule(new SimpleModule("tollgate-strict-text")
                        .addDeserializer(String.class, new PlainTextDeserializer())
                        .addKeyDeserializer(String.class, new PlainTextKeyDeserializer()));
    }

    private static java.util.function.Consumer<tools.jackson.databind.cfg.MutableCoercionConfig> refuse(
            CoercionInputShape... shapes) {
        return config -> {
            for (CoercionInputShape shape : shapes) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    /** Thrown for a string holding a refused character; the message is safe to show. */
    static final class RefusedCharacterException extends InvalidFormatException {

        RefusedCharacterException(JsonParser parser, String message, String value) {
            super(parser, message, value, String.class);
        }
    }

    private static final class PlainTextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            int refused = value == null ? -1 : ControlCharacters.firstRefusedInText(value);
            if (refused >= 0) {
                throw new RefusedCharacterException(parser, ControlCharacters.problem(value, refused), value);
            }
            return value;
        }
    }

    private static final class PlainTextKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            int refused = ControlCharacters.firstRefusedInLine(key);
            if (refused >= 0) {
                throw new RefusedCharacterException(context.getParser(), ControlCharacters.problem(key, refused), key);
            }
            return key;
        }
    }
}
