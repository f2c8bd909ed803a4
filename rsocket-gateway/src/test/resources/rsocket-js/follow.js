// A third-party RSocket client (rsocket-js from npm) following a nat64 instance's sessions.
// Usage: node follow.js PORT INSTANCE COUNT
// Prints one line per update it receives (the payload's JSON), then exits 0 after COUNT of them.
// It asks for the updates two at a time, so the gateway's request(n) handling is exercised too.
'use strict';
const {
  RSocketClient,
  BufferEncoders,
  encodeCompositeMetadata,
  encodeRoute,
  MESSAGE_RSOCKET_COMPOSITE_METADATA,
  MESSAGE_RSOCKET_ROUTING,
} = require('rsocket-core');
const RSocketTcpClient = require('rsocket-tcp-client').default;

const [port, instance, count] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];

const client = new RSocketClient({
  setup: {
    keepAlive: 60000,
    lifetime: 180000,
    dataMimeType: 'application/json',
    metadataMimeType: MESSAGE_RSOCKET_COMPOSITE_METADATA.string,
  },
  transport: new RSocketTcpClient({host: '127.0.0.1', port}, BufferEncoders),
});

client.connect().subscribe({
  onComplete: socket => {
    let received = 0;
    let subscription;
    socket
      .requestStream({
        data: Buffer.from(JSON.stringify({instance})),
        metadata: encodeCompositeMetadata([[MESSAGE_RSOCKET_ROUTING, encodeRoute('session.follow')]]),
      })
      .subscribe({
        onSubscribe: s => {
          subscription = s;
          s.request(2);
        },
        onNext: payload => {
          process.stdout.write(payload.data.toString('utf8') + '\n');
          received++;
          if (received === count) {
            subscription.cancel();
            client.close();
            process.exit(0);
          }
          if (received % 2 === 0) {
            subscription.request(2);
          }
        },
        onError: e => {
          process.stderr.write('stream error: ' + e.message + '\n');
          process.exit(2);
        },
        onComplete: () => {
          process.stderr.write('stream completed early\n');
          process.exit(3);
        },
      });
  },
  onError: e => {
    process.stderr.write('connect error: ' + e + '\n');
    process.exit(4);
  },
});
