#!/usr/bin/python3
"""An external agent in the loop of an mdpstream run (mdpstream simulate --policy external).

It reads each decision's state from <ns>.states and answers on <ns>.agent-actions with an action that
the state's valid-action mask allows: the first one, or one at random. It works with every scenario
whose action space is Discrete(n) (for example support and incidents), where the action is a record
with one int field, "value", and the mask has one boolean per choice.

    /usr/bin/python3 examples/python/agent.py --bootstrap-servers localhost:9092 \\
        --schema-registry http://localhost:8081 --namespace support

Messages: keys are the episode id as plain UTF-8; values are Avro in Confluent's wire format. The
answer's schema is the latest version of the subject <ns>.agent-actions-value, which the simulator
registers when a run starts. An answer names the episode and the decision step it answers, both
copied from the state's envelope.

--mode makes the agent misbehave, for tests of the simulator:
  valid    answer every decision (the default)
  garbage  before each valid answer send one bad message, in turn: undecodable bytes, a record that
           is not an AgentAction, an action outside the space, a masked action, the wrong step, and
           (after the answer) the same answer again
  late     answer each decision --delay seconds after its state arrived (after the deadline)
  silent   read states, never answer

Needs Debian's python3-confluent-kafka and python3-avro (the legacy confluent_kafka.avro API); run
it with /usr/bin/python3. Prints one summary line when it stops: after --max-decisions states,
--exit-when-idle seconds after the last state, or on Ctrl-C / SIGTERM.
"""
import argparse
import heapq
import json
import random
import signal
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
import avro.schema

GARBAGE = ["undecodable", "wrong-schema", "out-of-space", "masked", "wrong-step", "duplicate"]
NOT_AN_ACTION = avro.schema.parse(json.dumps({
    "type": "record", "name": "NotAnAction", "namespace": "example.garbage",
    "fields": [{"name": "note", "type": "string"}]}))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap-servers", required=True, help="Kafka brokers, host:port[,...]")
    parser.add_argument("--schema-registry", required=True, help="schema registry URL")
    parser.add_argument("--namespace", default="support", help="topic prefix of the run (default: support)")
    parser.add_argument("--from-beginning", action="store_true",
                        help="also answer states published before the agent started")
    parser.add_argument("--choice", choices=["first", "random"], default="first",
                        help="which valid action to take (default: first)")
    parser.add_argument("--seed", type=int, default=1, help="seed of --choice random (default: 1)")
    parser.add_argument("--mode", choices=["valid", "garbage", "late", "silent"], default="valid")
    parser.add_argument("--delay", type=float, default=10.0,
                        help="seconds --mode late waits before answering (default: 10)")
    parser.add_argument("--max-decisions", type=int, default=0, help="stop after this many states; 0: no limit")
    parser.add_argument("--exit-when-idle", type=float, default=0,
                        help="stop this many seconds after the last state (once one came); 0: never")
    parser.add_argument("--agent-id", default="example-python", help="names the agent on its answers")
    return parser.parse_args(argv)


class Agent:
    """Answers the decisions of one namespace; see the module's doc."""

    def __init__(self, args):
        self.args = args
        self.states_topic = args.namespace + ".states"
        self.actions_topic = args.namespace + ".agent-actions"
        self.registry = CachedSchemaRegistryClient({"url": args.schema_registry})
        self.serde = MessageSerializer(self.registry)
        self.consumer = Consumer({
            "bootstrap.servers": args.bootstrap_servers,
            # A group of its own, committing nothing: every start reads from the end (or the beginning).
            "group.id": "mdpstream-agent-" + uuid.uuid4().hex,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest" if args.from_beginning else "latest",
            # The simulator publishes in transactions: see only what it committed.
            "isolation.level": "read_committed",
            # Find the topics soon when the agent starts before the run creates them.
            "topic.metadata.refresh.interval.ms": 1000,
        })
        # Each answer unblocks a waiting episode: send it at once rather than wait to fill a batch.
        self.producer = Producer({"bootstrap.servers": args.bootstrap_servers, "linger.ms": 0})
        self.random = random.Random(args.seed)
        self.answer_schema = None
        self.answer_schema_id = None
        self.garbage_schema_id = None
        self.held = []  # (due, sequence, key, value) of late answers
        self.counts = {"states": 0, "answered": 0, "garbage": {}}
        self.running = True

    def run(self):
        self.consumer.subscribe([self.states_topic])
        last_state = time.monotonic()
        while self.running:
            self.release_held(time.monotonic())
            message = self.consumer.poll(0.05 if self.held else 0.2)
            now = time.monotonic()
            if message is None:
                idle = self.counts["states"] and now - last_state > self.args.exit_when_idle
                if self.args.exit_when_idle and idle and not self.held:
                    break
                continue
            if message.error():
                # A topic the run has not created yet is not an error worth stopping for.
                if message.error().code() in (KafkaError._PARTITION_EOF, KafkaError.UNKNOWN_TOPIC_OR_PART):
                    continue
                raise SystemExit("consuming %s failed: %s" % (self.states_topic, message.error()))
            last_state = now
            self.counts["states"] += 1
            self.on_state(message.key().decode("utf-8"), self.serde.decode_message(message.value()), now)
            if self.args.max_decisions and self.counts["states"] >= self.args.max_decisions:
                break
        while self.held and self.running:
            self.release_held(time.monotonic())
            time.sleep(0.01)
        self.producer.flush(10)
        self.consumer.close()

    def on_state(self, episode_id, state, now):
        step = state["envelope"]["step"]
        mask = state["action_mask"]
        answer = self.answer(episode_id, step, self.choose(mask))
        mode = self.args.mode
        if mode == "silent":
            return
        if mode == "late":
            heapq.heappush(self.held, (now + self.args.delay, self.counts["states"], episode_id, answer))
            return
        if mode == "garbage":
            kind = GARBAGE[(self.counts["states"] - 1) % len(GARBAGE)]
            if kind != "duplicate":
                self.send_garbage(kind, episode_id, step, mask)
        self.send(episode_id, answer)
        self.counts["answered"] += 1
        if mode == "garbage" and kind == "duplicate":
            self.send(episode_id, answer)
            self.count_garbage(kind)

    def choose(self, mask):
        valid = [choice for choice, allowed in enumerate(mask) if allowed]
        if not valid:  # an empty mask allows every action; 0 is one of them
            return 0
        return valid[0] if self.args.choice == "first" else self.random.choice(valid)

    def answer(self, episode_id, step, choice):
        schema_id, schema = self.schema()
        record = {"episode_id": episode_id, "step": step, "action": {"value": choice}, "agent_id": self.args.agent_id}
        return self.serde.encode_record_with_schema_id(schema_id, record, is_key=False)

    def schema(self):
        """The latest AgentAction schema, fetched with the first state: the run has registered it by then."""
        if self.answer_schema is None:
            schema_id, schema, _ = self.registry.get_latest_schema(self.actions_topic + "-value")
            if schema_id is None:
                raise SystemExit("no schema under %s-value: is a run with --policy external publishing to %s?"
                                 % (self.actions_topic, self.args.namespace))
            action = schema.fields_dict["action"].type
            if [f.name for f in action.fields] != ["value"] or action.fields[0].type.type != "int":
                raise SystemExit("this agent answers Discrete action spaces (an action record with one int field"
                                 " 'value'); %s expects %s" % (self.actions_topic, action))
            self.answer_schema, self.answer_schema_id = schema, schema_id
        return self.answer_schema_id, self.answer_schema

    def send_garbage(self, kind, episode_id, step, mask):
        masked = [choice for choice, allowed in enumerate(mask) if not allowed]
        if kind == "masked" and not masked:
            kind = "out-of-space"  # nothing is masked out in this state
        if kind == "undecodable":
            value = b"this is not Avro"
        elif kind == "wrong-schema":
            if self.garbage_schema_id is None:
                # Its own subject, so the agent-actions subject keeps only the simulator's schema.
                self.garbage_schema_id = self.registry.register(self.actions_topic + "-garbage-value", NOT_AN_ACTION)
            value = self.serde.encode_record_with_schema_id(self.garbage_schema_id, {"note": "not an action"})
        elif kind == "out-of-space":
            value = self.answer(episode_id, step, len(mask))
        elif kind == "masked":
            value = self.answer(episode_id, step, masked[0])
        else:  # wrong-step
            value = self.answer(episode_id, step + 1, self.choose(mask))
        self.send(episode_id, value)
        self.count_garbage(kind)

    def count_garbage(self, kind):
        self.counts["garbage"][kind] = self.counts["garbage"].get(kind, 0) + 1

    def send(self, episode_id, value):
        # Keyed by episode id, so all answers of an episode stay in order on one partition.
        self.producer.produce(self.actions_topic, key=episode_id.encode("utf-8"), value=value)
        self.producer.poll(0)

    def release_held(self, now):
        while self.held and self.held[0][0] <= now:
            _, _, episode_id, value = heapq.heappop(self.held)
            self.send(episode_id, value)
            self.counts["answered"] += 1

    def stop(self, *_):
        self.running = False


def main(argv):
    args = parse_args(argv)
    agent = Agent(args)
    signal.signal(signal.SIGTERM, agent.stop)
    signal.signal(signal.SIGINT, agent.stop)
    agent.run()
    print(json.dumps(dict(agent.counts, mode=args.mode, namespace=args.namespace)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
