package org.memspice.sweep;

import org.memspice.bnn.ImageSet;
import org.memspice.compile.CompileCard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything a trial needs, read once and shared read-only by every trial (on a cluster: broadcast once): the model
 * file's text, the compile card as read (with its overrides), the test images, the grid and the seed.
 *
 * @param modelJson the model file's text (parsed where the trials run, as the command parsed it)
 * @param modelName the model file as named on the command line
 * @param card the compile card in its own scheme; each trial compiles in its key's scheme
 * @param images the test images of every trial (the first N of the test set)
 */
public record SweepInputs(String modelJson, String modelName, CompileCard card, ImageSet images, SweepGrid grid,
                          long seed) implements java.io.Serializable {

    /**
     * A digest of what decides every trial's numbers, apart from the grid's values and the trial numbers: the model,
     * the card, the images, the base variation, the swept parameters' names and the seed. A results file written
     * under another fingerprint belongs to another sweep.
     */
    public String fingerprint() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(modelJson.getBytes(StandardCharsets.UTF_8));
            CompileCard c = card;
            String cardText = c.name() + "|" + c.design() + "|" + c.tileRows() + "x" + c.tileColumns() + "|"
                    + c.outputSwing() + "|" + c.dacBits() + "|" + c.cellArea() + "|" + c.pulseWidth() + "|"
                    + c.calibrationVectors() + "|" + c.calibrationSeed() + "|" + c.deviceCard();
            d.update(cardText.getBytes(StandardCharsets.UTF_8));
            d.update(images.pixels());
            d.update(images.labels());
            StringBuilder b = new StringBuilder();
            b.append(grid.base()).append('|').append(seed);
            for (SweepGrid.Axis a : grid.axes()) {
                b.append('|').append(a.name());
            }
            d.update(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
