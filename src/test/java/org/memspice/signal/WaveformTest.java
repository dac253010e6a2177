package org.memspice.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaveformTest {

    @Test
    void engineeringSuffixes() {
        assertEquals(1.5e3, SpiceNumber.parse("1.5k"));
        assertEquals(4.7e6, SpiceNumber.parse("4.7MEG"), 1e-6);
        assertEquals(1e-3, SpiceNumber.parse("1m"));
        assertEquals(2.2e-6, SpiceNumber.parse("2.2u"), 1e-20);
        assertEquals(1e-9, SpiceNumber.parse("1n"));
        assertEquals(10e-9, SpiceNumber.parse("10nF"), 1e-22);
        assertEquals(5e3, SpiceNumber.parse("5kohm"));
        assertEquals(-3e-12, SpiceNumber.parse("-3e-3n"), 1e-25);
        assertEquals(100, SpiceNumber.parse("100ohm"));
        assertEquals(25.4e-6, SpiceNumber.parse("1mil"), 1e-18);
        SpiceSyntaxException e = assertThrows(SpiceSyntaxException.class, () -> SpiceNumber.parse("abc"));
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
        assertThrows(SpiceSyntaxException.class, () -> SpiceNumber.parse("1.5k2"));
        assertThrows(SpiceSyntaxException.class, () -> SpiceNumber.parse(""));
    }

    @Test
    void sineMatchesClosedForm() {
        Waveform w = Waveform.parse("SIN(0 1.2 1)");
        for (double t = 0; t < 2; t += 0.013) {
            assertEquals(1.2 * Math.sin(2 * Math.PI * t), w.value(t), 1e-12);
        }
        Waveform damped = Waveform.parse("sin(0.5 1 1k 1m 100 90)");
        assertEquals(1.5, damped.value(0.5e-3), 1e-12);
        double t = 1.25e-3;
        assertEquals(0.5 + Math.exp(-0.25e-3 * 100) * Math.sin(2 * Math.PI * 1e3 * 0.25e-3 + Math.PI / 2),
                damped.value(t), 1e-12);
    }

    @Test
    void pulseCornersAndBreakpoints() {
        Waveform w = Waveform.parse("PULSE(0 1 0 1n 1n 100n 200n)");
        assertEquals(0.0, w.value(0), 0);
        assertEquals(0.5, w.value(0.5e-9), 1e-12);
        assertEquals(1.0, w.value(50e-9), 0);
        assertEquals(0.5, w.value(101.5e-9), 1e-9);
        assertEquals(0.0, w.value(150e-9), 0);
        assertEquals(1.0, w.value(250e-9), 0);
        assertArrayEquals(new double[] {1e-9, 101e-9, 102e-9, 200e-9}, w.breakpoints(0, 200e-9), 1e-18);
        Waveform step = Waveform.parse("PULSE(0 2)");
        assertEquals(2.0, step.value(1.0));
        assertEquals(step, Waveform.parse(step.toSpice()));
    }

    @Test
    void pwlInterpolatesAndHolds() {
        Waveform w = Waveform.parse("PWL(0 0 1m 1 2m -1)");
        assertEquals(0.5, w.value(0.5e-3), 1e-12);
        assertEquals(0.0, w.value(1.5e-3), 1e-12);
        assertEquals(-1.0, w.value(5e-3), 0);
        assertArrayEquals(new double[] {1e-3, 2e-3}, w.breakpoints(0, 1), 0);
        assertEquals(w, Waveform.parse(w.toSpice()));
    }

    @Test
    void dcForms() {
        assertEquals(0.2, Waveform.parse("DC 0.2").value(3));
        assertEquals(0.2, Waveform.parse("200m").value(3), 1e-15);
    }

    @Test
    void roundTripsThroughSpiceText() {
        for (String s : new String[] {"SIN(0 1.2 1)", "PULSE(0 1 0 1n 1n 100n 200n 3)", "DC -0.3"}) {
            Waveform w = Waveform.parse(s);
            assertEquals(w, Waveform.parse(w.toSpice()), s);
        }
    }

    @Test
    void badSourcesNameTheProblem() {
        assertTrue(assertThrows(SpiceSyntaxException.class, () -> Waveform.parse("SIN(0 1)"))
                .getMessage().contains("SIN(VO VA FREQ"));
        assertTrue(assertThrows(SpiceSyntaxException.class, () -> Waveform.parse("PWL(0 0 1)"))
                .getMessage().contains("even number"));
        assertTrue(assertThrows(SpiceSyntaxException.class, () -> Waveform.parse("PWL(1 0 0 1)"))
                .getMessage().contains("must not decrease"));
        assertTrue(assertThrows(SpiceSyntaxException.class, () -> Waveform.parse("SQUARE(1 2)"))
                .getMessage().contains("unknown source"));
        assertTrue(assertThrows(SpiceSyntaxException.class, () -> Waveform.parse("SIN(0 x 1)"))
                .getMessage().contains("'x'"));
    }

    @Test
    void aRepeatedPwlTimeIsAStepTakingTheFirstValueAtThatTime() {
        // ngspice 39 on PWL(0 0 1u 0 1u 1 2u 1): 0 at 1 us, 1 just after (and a warning)
        Waveform.Pwl w = (Waveform.Pwl) Waveform.parse("PWL(0 0 1u 0 1u 1 2u 1)");
        assertEquals(1e-6, w.repeatedTime());
        assertEquals(0, w.value(1e-6));
        assertEquals(1, w.value(1e-6 + 1e-15));
        assertEquals(0, w.value(0.5e-6));
        assertEquals(1, w.value(3e-6));
        assertTrue(Double.isNaN(((Waveform.Pwl) Waveform.parse("PWL(0 0 1 1)")).repeatedTime()));
        // a step at the last point: the last value only after it
        Waveform.Pwl end = (Waveform.Pwl) Waveform.parse("PWL(0 0 1 2 1 3)");
        assertEquals(2, end.value(1));
        assertEquals(3, end.value(1.5));
        assertEquals(1, end.value(0.5));
    }
}
