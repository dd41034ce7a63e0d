package dev.referral.sidecar.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For the types Jackson reads and writes outside a REST signature: a value goes through the mapper and back
 * unchanged, and it and every project type it contains (record components, list and map elements) carry
 * {@link RegisterForReflection}, which a native executable needs to keep their constructors and accessors.
 */
public final class ReflectionRegistration {

    private ReflectionRegistration() {
    }

    /** Writes {@code value} with {@code mapper}, reads it back as its own type and checks the registrations. */
    public static void roundTrip(ObjectMapper mapper, Object value) throws JsonProcessingException {
        String json = mapper.writeValueAsString(value);
        assertEquals(value, mapper.readValue(json, value.getClass()), json);
        for (Class<?> type : projectTypes(value.getClass())) {
            assertTrue(type.isAnnotationPresent(RegisterForReflection.class),
                    type.getName() + " is read or written by Jackson outside a REST signature but lacks "
                            + "@RegisterForReflection: a native executable could not (de)serialise it");
        }
    }

    /** {@code root} and every project type reachable through its record components. */
    public static Set<Class<?>> projectTypes(Class<?> root) {
        Set<Class<?>> found = new LinkedHashSet<>();
        collect(root, found);
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, found);
            }
            collect(parameterized.getRawType(), found);
        } else if (type instanceof Class<?> c && c.getName().startsWith("dev.referral.") && found.add(c)
                && c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                collect(component.getGenericType(), found);
            }
        }
    }
}
