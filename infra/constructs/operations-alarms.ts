import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BadgeFunction } from './badge-function.js';

export interface OperationsAlarmsProps {
  /** Subscribed by e-mail when given (the address confirms the subscription). */
  email?: string;
}

/** Alarms that mean a person should look: anything in a dead-letter queue, function errors, throttles. */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps = {}) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Open Badges issuer alarms', enforceSSL: true });
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  private alarm(id: string, metric: IMetric, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }

  watchDeadLetterQueue(id: string, queue: IQueue): this {
    this.alarm(
      `${id}DeadLetters`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      `Messages in the ${id} dead-letter queue: inspect them, fix the cause, then redrive.`,
    );
    return this;
  }

  watchFunction(id: string, fn: BadgeFunction): this {
    this.alarm(
      `${id}Errors`,
      fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      `The ${id} function failed invocations.`,
    );
    this.alarm(
      `${id}Throttles`,
      fn.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      `The ${id} function was throttled.`,
    );
    return this;
  }
}
