package io.nat64.cli.daemon;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a {@link DaemonConfig} from YAML ({@code .yaml}, {@code .yml}, anything else) or JSON ({@code .json}), and
 * turns every Jackson failure into a one-line {@link ConfigException} with the file, the key path and the line.
 */
final class ConfigLoader {
    private ConfigLoader() {}

    /** Parses {@code file}; throws {@link ConfigException} when it is missing, unreadable or malformed. */
    static DaemonConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}, named {@code source} in messages (its extension picks JSON or YAML). */
    static DaemonConfig parse(String source, String text) {
        if (text.isBlank()) {
            throw new ConfigException(source + ": the file is empty (write at least 'instances: []')");
        }
        try {
            DaemonConfig config = mapper(source).readValue(text, DaemonConfig.class);
            if (config == null) {
                throw new ConfigException(source + ": the file holds no configuration");
            }
            return config;
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + describe(e), e);
        }
    }

    private static ObjectMapper mapper(String source) {
        ObjectMapper m = source.toLowerCase(Locale.ROOT).endsWith(".json") ? new JsonMapper() : new YAMLMapper();
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return m;
    }

    private static String describe(JsonProcessingException e) {
        String where = location(e.getLocation());
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null
                    ? ""
                    : " (known keys: "
                            + u.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ")";
            return where + pathOf(u, true) + "unknown key '" + u.getPropertyName() + "'" + known;
        }
        String path = e instanceof JsonMappingException m ? pathOf(m, false) : "";
        return where + path + firstLine(e.getOriginalMessage());
    }

    private static String location(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? "" : "line " + loc.getLineNr() + ": ";
    }

    /** {@code instances[0].pool4[1]: } from the reference chain (without its last key if {@code parentOnly}). */
    private static String pathOf(JsonMappingException e, boolean parentOnly) {
        var refs = e.getPath();
        int n = parentOnly ? refs.size() - 1 : refs.size();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            JsonMappingException.Reference r = refs.get(i);
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "" : b + ": ";
    }

    private static String firstLine(String message) {
        String m = message == null ? "malformed" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
