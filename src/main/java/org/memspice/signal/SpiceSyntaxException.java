package org.memspice.signal;

import org.memspice.InputException;

/** Text that is not valid SPICE-style input. The message names the text and what was expected. */
public class SpiceSyntaxException extends InputException {
    private static final long serialVersionUID = 1L;

    public SpiceSyntaxException(String message) {
        super(message);
    }
}
