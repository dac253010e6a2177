package org.memspice.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict reading layer every card goes through, and its one error format. */
class JsonFieldsTest {
    @TempDir
    Path dir;

    private JsonFields file(String json) throws Exception {
        Path p = dir.resolve("card.json");
        Files.writeString(p, json);
        return new JsonFields(p);
    }

    private static void fails(String expected, Runnable r) {
        InputException e = assertThrows(InputException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void nonFiniteNumbersAreReadAndRefusedAtTheirField() throws Exception {
        JsonFields f = file("{ \"a\": NaN, \"b\": -Infinity, \"c\": 1e999, \"d\": \"10k\", \"e\": 2.5 }");
        JsonNode root = f.readObject("test card");
        String p = dir.resolve("card.json") + ": ";
        fails(p + "$.a: NaN: expected a finite number", () -> f.number(root.get("a"), "$.a"));
        fails(p + "$.b: -Infinity: expected a finite number", () -> f.positive(root, "b", "$.b"));
        fails(p + "$.c: Infinity: expected a finite number", () -> f.nonNegative(root, "c", "$.c", 0));
        assertEquals(1e4, f.number(root, "d", "$.d"));
        assertEquals(2.5, f.positive(root, "e", "$.e"));
        fails(p + "$.z: missing: expected a number", () -> f.number(root, "z", "$.z"));
    }

    @Test
    void duplicateKeysTrailingContentAndUnknownFieldsAreErrors() throws Exception {
        String p = dir.resolve("card.json") + ": ";
        JsonFields dup = file("{ \"a\": 1, \"a\": 2 }");
        InputException e = assertThrows(InputException.class, () -> dup.readObject("test card"));
        assertTrue(e.getMessage().startsWith(p + "not valid JSON (line 1, column "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Duplicate field 'a'"), e.getMessage());
        JsonFields trailing = file("{ \"a\": 1 } x");
        e = assertThrows(InputException.class, () -> trailing.readObject("test card"));
        assertTrue(e.getMessage().startsWith(p + "not valid JSON"), e.getMessage());
        JsonFields f = file("{ \"a\": 1, \"colour\": \"red\", \"o\": [] }");
        JsonNode root = f.readObject("test card");
        fails(p + "$.colour: unknown field: expected one of [a, o]", () -> f.checkKnown(root, "$", Set.of("a", "o")));
        fails(p + "$.o: []: expected an object", () -> f.object(root.get("o"), "$.o"));
        fails(p + "$.t: missing: expected a string", () -> f.text(root, "t", "$.t"));
        fails(p + "$.a: 1: expected a string", () -> f.text(root, "a", "$.a"));
        fails(dir.resolve("none.json") + ": no such test card file", () -> new JsonFields(dir.resolve("none.json")).readObject("test card"));
    }

    @Test
    void aTreeNotReadFromAFileIsNamedByItsOrigin() {
        JsonFields f = new JsonFields("instance x1 of memspice_hp_none");
        JsonNode root = JsonNodeFactory.instance.objectNode().put("ron", -1);
        fails("instance x1 of memspice_hp_none: $.parameters.ron: -1.0: expected a finite positive number",
                () -> f.positive(root, "ron", "$.parameters.ron"));
        assertEquals(null, f.file());
        assertThrows(IllegalStateException.class, () -> f.relative("x.json"));
    }
}
