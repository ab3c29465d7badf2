#!/usr/bin/python3
"""An independent client for the interoperability test: confluent-kafka-python's legacy Avro API.

consume TOPIC N        read N records whose keys are Avro too with AvroConsumer, print each
                       value as one JSON line
consume-values TOPIC N read N records with plain string keys, as mdpstream publishes them: a plain
                       Consumer, values decoded by the same library's MessageSerializer (the legacy
                       AvroConsumer would try to decode the string key as Avro too)
produce TOPIC          write one Reward (schema from stdin) with AvroProducer, print its offset

Bootstrap servers and registry URL come from MDPSTREAM_BOOTSTRAP_SERVERS and
MDPSTREAM_SCHEMA_REGISTRY_URL. Run with Debian's /usr/bin/python3, which has python3-confluent-kafka
and python3-avro.
"""
import datetime
import json
import os
import sys
import uuid

from confluent_kafka import Consumer, avro
from confluent_kafka.avro import AvroConsumer, AvroProducer, CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

BOOTSTRAP = os.environ["MDPSTREAM_BOOTSTRAP_SERVERS"]
REGISTRY = os.environ["MDPSTREAM_SCHEMA_REGISTRY_URL"]


def consume(topic, count, avro_keys):
    config = {
        "bootstrap.servers": BOOTSTRAP,
        "group.id": "py-" + uuid.uuid4().hex,
        "auto.offset.reset": "earliest",
    }
    if avro_keys:
        consumer = AvroConsumer(dict(config, **{"schema.registry.url": REGISTRY}))
        decode = lambda value: value
    else:
        consumer = Consumer(config)
        serializer = MessageSerializer(CachedSchemaRegistryClient({"url": REGISTRY}))
        decode = lambda value: serializer.decode_message(value, is_key=False)
    consumer.subscribe([topic])
    seen = 0
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=60)
    while seen < count and datetime.datetime.now() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            raise SystemExit("consume error: %s" % message.error())
        key = message.key().decode("utf-8") if isinstance(message.key(), bytes) else message.key()
        print(json.dumps({"key": key, "value": decode(message.value())}, default=str, sort_keys=True), flush=True)
        seen += 1
    consumer.close()
    if seen < count:
        raise SystemExit("read %d of %d records from %s" % (seen, count, topic))


def produce(topic):
    schema = avro.loads(sys.stdin.read())
    producer = AvroProducer({"bootstrap.servers": BOOTSTRAP, "schema.registry.url": REGISTRY},
                            default_value_schema=schema)
    sim_time = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.timezone.utc)
    value = {
        "envelope": {
            "run_id": "py-run", "episode_id": "py-run-ep-000001", "scenario": "toy-queue",
            "scenario_version": "1.0.0", "seq": 17, "step": 5, "sim_time": sim_time,
        },
        "value": 12.75,
        "components": {"revenue": 15.0, "late_penalty": -2.25},
        "credited_step": 4,
    }
    delivered = []
    producer.produce(topic=topic, value=value, callback=lambda err, msg: delivered.append((err, msg)))
    producer.flush(30)
    if not delivered or delivered[0][0] is not None:
        raise SystemExit("delivery failed: %s" % (delivered[0][0] if delivered else "no report"))
    print(json.dumps({"offset": delivered[0][1].offset()}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] in ("consume", "consume-values"):
        consume(sys.argv[2], int(sys.argv[3]), avro_keys=sys.argv[1] == "consume")
    elif sys.argv[1] == "produce":
        produce(sys.argv[2])
    else:
        raise SystemExit(__doc__)
