package org.memspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Orientation, bounds, thresholds and window identities. */
class ModelPhysicsTest {

    @Test
    void windowIdentities() {
        JoglekarWindow jog1 = new JoglekarWindow(1);
        ProdromakisWindow pro11 = new ProdromakisWindow(1, 1);
        StrukovWindow str = new StrukovWindow();
        BiolekWindow bio = new BiolekWindow(3);
        JoglekarWindow jog = new JoglekarWindow(2.5);
        for (int k = 0; k <= 100; k++) {
            double u = k / 100.0;
            assertEquals(4 * u * (1 - u), jog1.value(u, true), 1e-14, "Joglekar p=1 is 4x(1-x)");
            assertEquals(u * (1 - u), pro11.value(u, true), 1e-14, "Prodromakis p=1 j=1 is x(1-x)");
            assertEquals(u * (1 - u), str.value(u, false), 1e-15);
            assertEquals(jog.value(u, true), jog.value(1 - u, false), 1e-14, "Joglekar is symmetric");
            assertEquals(bio.value(u, true), bio.value(1 - u, false), 1e-14, "Biolek mirrored between directions");
            assertEquals(1 - Math.pow(u, 6), bio.value(u, true), 1e-14, "Biolek towards u=1: 1 - u^(2p)");
            double f = jog.value(u, true);
            assertTrue(!Double.isNaN(f) && f >= -1e-15 && f <= 1 + 1e-15, "no NaN from a negative base, u=" + u);
        }
        // Biolek vanishes only at the bound being approached
        assertEquals(0, bio.value(1, true), 0);
        assertEquals(1, bio.value(1, false), 0);
        assertEquals(0, bio.value(0, false), 0);
        assertEquals(1, bio.value(0, true), 0);
        // Kvatinsky: exp(-1) at a_off (off direction) and at a_on (on direction)
        KvatinskyWindow kv = new KvatinskyWindow(0, 3e-9, 1.8e-9, 1.2e-9, 107e-12);
        assertEquals(Math.exp(-1), kv.value(1.2 / 3, true), 1e-12);
        assertEquals(Math.exp(-1), kv.value(1.8 / 3, false), 1e-12);
    }

    @Test
    void hpOrientationAndBounds() {
        LinearIonDrift hp = new LinearIonDrift(100, 16e3, 10e-9, 1e-14, 0.5, Window.NONE);
        assertEquals(100, hp.resistance(1), 1e-12, "x = 1 is Ron");
        assertEquals(16e3, hp.resistance(0), 1e-9, "x = 0 is Roff");
        assertEquals(1e4, hp.chargeCoefficient(), 1e-9, "k = mu_v Ron / D^2");
        assertTrue(hp.stateRate(1, 0.5) > 0, "positive current drives ON (x up)");
        assertEquals(1e4 * 1 / hp.resistance(0.5), hp.stateRate(1, 0.5), 1e-9);
        assertEquals(0, hp.stateRate(1, 1), 0, "no outward rate at x = 1");
        assertEquals(0, hp.stateRate(-1, 0), 0, "no outward rate at x = 0");
        assertTrue(hp.stateRate(-1, 1) < 0, "leaving the bound is allowed");
        LinearIonDrift bio = new LinearIonDrift(100, 16e3, 10e-9, 1e-14, 0.5, new BiolekWindow(1));
        assertTrue(bio.stateRate(-1, 1) < 0, "Biolek does not lock at x = 1");
        assertTrue(bio.stateRate(1, 0) > 0, "Biolek does not lock at x = 0");
    }

    @Test
    void teamFamilyOrientationAndThresholds() {
        Vteam vt = new Vteam(50, 1000, 0, 3e-9, -10, 5e-4, 3, 1, -0.2, 0.02, 1.5e-9, Window.NONE, IvCurve.LINEAR);
        assertEquals(50, vt.resistance(0), 1e-12, "x_on is Ron");
        assertEquals(1000, vt.resistance(3e-9), 1e-9, "x_off is Roff");
        assertTrue(vt.stateRate(1, 1.5e-9) > 0, "positive voltage drives OFF (towards x_off)");
        assertTrue(vt.stateRate(-1, 1.5e-9) < 0, "negative voltage drives ON");
        assertEquals(-10 * Math.pow(5 - 1, 3), vt.stateRate(-1, 1.5e-9), 1e-9);
        assertEquals(5e-4 * (1 / 0.02 - 1), vt.stateRate(1, 1.5e-9), 1e-12);
        for (int k = 0; k <= 100; k++) {
            double v = -0.2 + 0.22 * k / 100;
            for (double x : new double[] {0, 1e-9, 1.5e-9, 3e-9}) {
                assertEquals(0, vt.stateRate(v, x), 0, "between v_on and v_off nothing moves");
            }
        }
        assertEquals(0, vt.stateRate(1, 3e-9), 0);
        assertEquals(0, vt.stateRate(-1, 0), 0);
        Vteam ex = new Vteam(50, 1000, 0, 3e-9, -10, 5e-4, 3, 1, -0.2, 0.02, 1.5e-9, Window.NONE, IvCurve.EXPONENTIAL);
        assertEquals(1000, ex.resistance(3e-9), 1e-9);
        assertEquals(Math.sqrt(50 * 1000.0), ex.resistance(1.5e-9), 1e-9);
        Team team = new Team(50, 1000, 0, 3e-9, -4.68e-13, 1.46e-9, 10, 10, -8.9e-6, 115e-6, 1.5e-9, Window.NONE, IvCurve.LINEAR);
        double r = team.resistance(1.5e-9);
        assertEquals(0, team.stateRate(114e-6 * r, 1.5e-9), 0, "below i_off");
        assertEquals(0, team.stateRate(-8.8e-6 * r, 1.5e-9), 0, "above i_on");
        assertEquals(1.46e-9 * Math.pow(2 - 1, 10), team.stateRate(230e-6 * r, 1.5e-9), 1e-20);
        assertTrue(team.stateRate(-1e-3 * r, 1.5e-9) < 0);
    }
}
