package dev.distill4j.client;

import java.time.InstantSource;

class OpenAiChatWireTest extends ChatWireContract {
    @Override
    protected ChatWire newWire() {
        return new OpenAiChatWire(new FailureClassifier(InstantSource.system()), name -> null);
    }
}
