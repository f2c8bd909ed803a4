package io.nat64.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.gateway.api.BibRequest;
import io.nat64.gateway.api.EmptyRequest;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Pool4ChangeView;
import io.nat64.gateway.api.Pool4View;
import io.nat64.gateway.api.SessionView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record codec: what it writes, what it reads back, and what it refuses. */
class JsonTest {
    private static String text(Record r) {
        return new String(Json.write(r), StandardCharsets.UTF_8);
    }

    private static <T> T read(String json, Class<T> type) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void recordsAreObjectsWithTheirComponentNamesAndNullsLeftOut() {
        assertThat(text(new BibRequest("default", "TCP", "2001:db8::5", 2000, null, null)))
                .isEqualTo(
                        "{\"instance\":\"default\",\"protocol\":\"TCP\",\"src6\":\"2001:db8::5\",\"src6Port\":2000}");
        assertThat(text(new EmptyRequest())).isEqualTo("{}");
    }

    @Test
    void nestedRecordsAndListsRoundTrip() {
        SessionView s = new SessionView(
                "UDP", "2001:db8::8", 1, "64:ff9b::c000:208", 2, "192.0.2.1", 3, "192.0.2.8", 4, null, "EST", 299_028);
        FollowView f = new FollowView("UDP,2001:db8::8,1,192.0.2.1,3,192.0.2.8,4,0:04:59.028", "ADDED", s);
        assertThat(read(text(f), FollowView.class)).isEqualTo(f);
        Pool4ChangeView c = new Pool4ChangeView(
                List.of(new Pool4View(0, "TCP", 1024, false, false, "192.0.2.1", 61001, 65535)), true);
        assertThat(read(text(c), Pool4ChangeView.class)).isEqualTo(c);
    }

    @Test
    void unknownFieldsWrongTypesAndMissingPrimitivesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> read("{\"instanse\":\"x\"}", InstanceRequest.class))
                .hasMessage("payload is not a valid InstanceRequest JSON document: unknown field \"instanse\" in"
                        + " InstanceRequest (its fields: instance)");
        assertThatThrownBy(() -> read("{\"instance\":7}", InstanceRequest.class))
                .hasMessageContaining("field \"instance\": expected a String, found VALUE_NUMBER_INT");
        assertThatThrownBy(() -> read("{\"name\":\"x\",\"value\":\"1\"}", io.nat64.gateway.api.StatView.class))
                .hasMessageContaining("field \"value\": expected a long");
        assertThatThrownBy(() -> read("{\"sessions\":null}", io.nat64.gateway.api.AdvertiseView.class))
                .hasMessageContaining("null where a long is needed");
        assertThatThrownBy(() -> read("{}", io.nat64.gateway.api.AdvertiseView.class))
                .hasMessageContaining("missing field \"sessions\"");
        assertThatThrownBy(() -> read("[1]", InstanceRequest.class)).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> read("{\"instance\":\"a\"} {}", InstanceRequest.class))
                .hasMessageContaining("text after the end");
        assertThatThrownBy(() -> read("{\"instance\":", InstanceRequest.class))
                .hasMessageStartingWith("payload is not a valid InstanceRequest JSON document");
    }

    @Test
    void absentReferenceFieldsAreNull() {
        assertThat(read("{\"instance\":\"default\"}", BibRequest.class))
                .isEqualTo(new BibRequest("default", null, null, null, null, null));
    }
}
