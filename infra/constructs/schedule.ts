import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';

/**
 * A schedule target that invokes the function itself. LambdaInvoke grants the schedule's role
 * `<function>:*` as well (every version and alias); the schedule invokes the unqualified ARN, so
 * the role gets exactly that and no wildcard.
 */
export class InvokeFunction extends LambdaInvoke {
  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.targetArn] }),
    );
  }
}
