package io.nat64.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's JSON codec: records to and from UTF-8 JSON, one object per record, fields named as the
 * record's components, null fields left out. Reading is strict: an unknown field, a missing primitive or a
 * value of the wrong type is an {@link IllegalArgumentException} that names it.
 *
 * <p>Supported component types: {@code String}, {@code int}/{@code Integer}, {@code long}/{@code Long},
 * {@code boolean}/{@code Boolean}, records, and {@code List}s of those. Built on jackson-core's streaming
 * API, so that short-lived clients (the CLI) do not pay for data binding at start-up. Thread-safe.
 *
 * <p>{@code Json.read(Json.write(new InstanceRequest("default")), InstanceRequest.class)}
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private Json() {}

    /** {@code record} as UTF-8 JSON. */
    public static byte[] write(Record record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            writeRecord(g, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code bytes} read as a {@code type}; an {@link IllegalArgumentException} says what is wrong. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            p.nextToken();
            Object value = readValue(p, type, type);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the end of the document");
            }
            return type.cast(value);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "payload is not a valid " + type.getSimpleName() + " JSON document: " + firstLine(e), e);
        }
    }

    private static void writeRecord(JsonGenerator g, Record record) throws IOException {
        Shape shape = SHAPES.get(record.getClass());
        g.writeStartObject();
        for (int k = 0; k < shape.names.length; k++) {
            Object v = shape.get(record, k);
            if (v != null) {
                g.writeFieldName(shape.names[k]);
                writeValue(g, v);
            }
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Record r) {
            writeRecord(g, r);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object e : list) {
                writeValue(g, e);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static @Nullable Object readValue(JsonParser p, Class<?> raw, Type generic) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            if (raw.isPrimitive()) {
                throw new IllegalArgumentException("null where a " + raw + " is needed");
            }
            return null;
        }
        if (raw == String.class && t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if ((raw == int.class || raw == Integer.class) && t == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if ((raw == long.class || raw == Long.class) && t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if ((raw == boolean.class || raw == Boolean.class)
                && (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (raw == List.class && t == JsonToken.START_ARRAY) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> elementRaw =
                    element instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) element).getRawType();
            List<Object> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                out.add(readValue(p, elementRaw, element));
            }
            return List.copyOf(out);
        }
        if (raw.isRecord() && t == JsonToken.START_OBJECT) {
            return readRecord(p, SHAPES.get(raw));
        }
        throw new IllegalArgumentException("expected " + what(raw) + ", found " + t);
    }

    private static Object readRecord(JsonParser p, Shape shape) throws IOException {
        Object[] args = new Object[shape.names.length];
        boolean[] seen = new boolean[args.length];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer k = shape.index.get(name);
            if (k == null) {
                throw new IllegalArgumentException("unknown field \"" + name + "\" in " + shape.type.getSimpleName()
                        + " (its fields: " + String.join(", ", shape.names) + ")");
            }
            p.nextToken();
            try {
                args[k] = readValue(p, shape.raw[k], shape.generic[k]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field \"" + name + "\": " + e.getMessage(), e);
            }
            seen[k] = true;
        }
        for (int k = 0; k < args.length; k++) {
            if (!seen[k] && shape.raw[k].isPrimitive()) {
                throw new IllegalArgumentException("missing field \"" + shape.names[k] + "\"");
            }
        }
        return shape.create(args);
    }

    private static String what(Class<?> raw) {
        return raw.isRecord() ? "an object" : raw == List.class ? "an array" : "a " + raw.getSimpleName();
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A record type's components, accessors and canonical constructor, looked up once. */
    private static final class Shape {
        final Class<?> type;
        final String[] names;
        final Class<?>[] raw;
        final Type[] generic;
        final Method[] accessors;
        final Map<String, Integer> index = new HashMap<>();
        final Constructor<?> constructor;

        private Shape(Class<?> type) throws NoSuchMethodException {
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            names = new String[components.length];
            raw = new Class<?>[components.length];
            generic = new Type[components.length];
            accessors = new Method[components.length];
            for (int k = 0; k < components.length; k++) {
                names[k] = components[k].getName();
                raw[k] = components[k].getType();
                generic[k] = components[k].getGenericType();
                accessors[k] = components[k].getAccessor();
                index.put(names[k], k);
            }
            constructor = type.getDeclaredConstructor(raw);
        }

        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            try {
                return new Shape(type);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        @Nullable
        Object get(Object record, int k) {
            try {
                return accessors[k].invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }

        Object create(Object[] args) {
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new IllegalArgumentException(
                        cause == null ? e.toString() : String.valueOf(cause.getMessage()), e);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
