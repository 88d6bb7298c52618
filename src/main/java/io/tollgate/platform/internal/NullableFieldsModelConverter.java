package io.tollgate.platform.internal;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Marks the record components our API types declare {@code @Nullable} (jspecify, a type-use annotation swagger-core
 * does not read) as nullable in the OpenAPI 3.1 document: {@code "type": ["string", "null"]}, or {@code anyOf} a
 * reference and {@code null}. The wire writes such fields as {@code null}, so a client must accept it (ADR 0049).
 */
class NullableFieldsModelConverter implements ModelConverter {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @Override
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (schema == null || type.getType() == null) {
            return schema;
        }
        JavaType javaType = type.getType() instanceof JavaType known ? known
                : Json.mapper().constructType(type.getType());
        Class<?> raw = javaType.getRawClass();
        if (!raw.isRecord()) {
            return schema;
        }
        Schema<?> model = schema;
        if (schema.get$ref() != null && context.getDefinedModels() != null) {
            Schema<?> defined = context.getDefinedModels()
                    .get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
            model = defined == null ? schema : defined;
        }
        markNullable(raw, model);
        return schema;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void markNullable(Class<?> record, Schema<?> model) {
        Map<String, Schema> properties = model.getProperties();
        if (properties == null) {
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                continue;
            }
            String name = SNAKE_CASE.translate(component.getName());
            Schema property = properties.get(name);
            if (property == null) {
                continue;
            }
            if (property.get$ref() != null) {
                properties.put(name, new Schema<>().anyOf(List.of(new Schema<>().$ref(property.get$ref()),
                        new Schema<>().types(Set.of("null")))));
                continue;
            }
            Set<String> types = property.getTypes() != null ? new LinkedHashSet<>(property.getTypes())
                    : new LinkedHashSet<>();
            if (types.isEmpty() && property.getType() != null) {
                types.add(property.getType());
            }
            if (!types.isEmpty()) {
                types.add("null");
                property.setTypes(types);
                property.setType(null);
            }
        }
    }
}
