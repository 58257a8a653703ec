<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditDetail</name>
    <message>
        <source>(close date %1)</source>
        <translation>(关单日期 %1)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>用户主诉</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>用户地点</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Completion report</source>
        <translation>完工报告</translation>
    </message>
    <message>
        <source>No completion report</source>
        <translation>尚无完工报告</translation>
    </message>
    <message>
        <source>Work done</source>
        <translation>维修内容</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>服务人员</translation>
    </message>
    <message>
        <source>Outside distance</source>
        <translation>外出里程</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 公里</translation>
    </message>
    <message>
        <source>Mileage / hours</source>
        <translation>里程 / 工时</translation>
    </message>
    <message>
        <source>Fees in warranty</source>
        <translation>保内费用</translation>
    </message>
    <message>
        <source>Fees out of warranty</source>
        <translation>保外收费</translation>
    </message>
    <message>
        <source>Problem solved</source>
        <translation>问题已解决</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Part no.</source>
        <translation>配件号</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation>保修</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>in</source>
        <translation>保内</translation>
    </message>
    <message>
        <source>out</source>
        <translation>保外</translation>
    </message>
    <message>
        <source>Printed forms</source>
        <translation>打印记录</translation>
    </message>
    <message>
        <source>No form printed</source>
        <translation>未打印表单</translation>
    </message>
    <message>
        <source>receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>copy %1</source>
        <translation>第 %1 份</translation>
    </message>
    <message>
        <source>Place of service</source>
        <translation>服务地点</translation>
    </message>
    <message>
        <source>at the station</source>
        <translation>在服务站</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>现场服务</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限项目</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>起算</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source> — unreachable</source>
        <translation> — 无法回访</translation>
    </message>
</context>
<context>
    <name>AuditListModel</name>
    <message>
        <source>Business no.</source>
        <translation>业务号码</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完工时间</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>疑点</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Reached · mean %1</source>
        <translation>回访成功 · 平均 %1</translation>
    </message>
    <message>
        <source>Unreachable: %1</source>
        <translation>无法回访:%1</translation>
    </message>
    <message>
        <source>%1 unreached</source>
        <translation>未接通 %1 次</translation>
    </message>
    <message>
        <source>To call</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>已关单 %1</translation>
    </message>
</context>
<context>
    <name>AuditWidget</name>
    <message>
        <source>All stations</source>
        <translation>全部服务站</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All flags</source>
        <translation>全部标记</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Completed on</source>
        <translation>完工日期</translation>
    </message>
    <message>
        <source>Record callback</source>
        <translation>保存回访</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>审核关单</translation>
    </message>
    <message>
        <source>%1 orders</source>
        <translation>共 %1 单</translation>
    </message>
    <message>
        <source>1 order</source>
        <translation>共 1 单</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>退回重办</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>First contact</source>
        <translation>首次联系</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Business no.</source>
        <translation>业务号码</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>派单时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>完工时限</translation>
    </message>
    <message>
        <source>done %1</source>
        <translation>完成于 %1</translation>
    </message>
    <message>
        <source>Overdue by %1</source>
        <translation>已超时 %1</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Waiting for the station&apos;s first contact</source>
        <translation>等待服务站首次联系</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <source>⚠ overdue</source>
        <translation>⚠ 已超时</translation>
    </message>
    <message>
        <source>⚠ at risk</source>
        <translation>⚠ 即将超时</translation>
    </message>
    <message>
        <source>urged ×%1</source>
        <translation>已催办 ×%1</translation>
    </message>
    <message>
        <source>callback due %1</source>
        <translation>回访截止 %1</translation>
    </message>
</context>
<context>
    <name>BoardWidget</name>
    <message>
        <source>New order</source>
        <translation>新建派单</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消派单</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加处理情况</translation>
    </message>
    <message>
        <source>Cannot load the board: %1</source>
        <translation>无法加载调度看板:%1</translation>
    </message>
    <message>
        <source>Live · 1 order · updated %2</source>
        <translation>实时 · 共 1 单 · 更新于 %2</translation>
    </message>
    <message>
        <source>Live · %1 orders · updated %2</source>
        <translation>实时 · 共 %1 单 · 更新于 %2</translation>
    </message>
    <message>
        <source>Cannot reach the call center; retrying</source>
        <translation>无法连接呼叫中心,正在重试</translation>
    </message>
    <message>
        <source>Issued %1 to %2; the station is alerted</source>
        <translation>已向%2派单 %1,服务站已收到提醒</translation>
    </message>
    <message>
        <source>Cancel order %1</source>
        <translation>取消派单 %1</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reassigned %1 to %2</source>
        <translation>已将 %1 改派至%2</translation>
    </message>
    <message>
        <source>Handling log</source>
        <translation>处理情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Urge</source>
        <translation>催办</translation>
    </message>
    <message>
        <source>Urge the station on %1</source>
        <translation>催办服务站:%1</translation>
    </message>
    <message>
        <source>Reason (the station sees it)</source>
        <translation>原因(服务站可见)</translation>
    </message>
</context>
<context>
    <name>CallbackPanel</name>
    <message>
        <source>Outcome</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <source>Satisfaction (1 very dissatisfied … 5 very satisfied; keys 1–5)</source>
        <translation>满意度(1 非常不满意 … 5 非常满意;按键 1–5)</translation>
    </message>
    <message>
        <source>What the customer said</source>
        <translation>用户反馈(记录用户原话)</translation>
    </message>
    <message>
        <source>Callback done: reached, mean %1 (%2)</source>
        <translation>回访已完成:回访成功,平均分 %1(%2)</translation>
    </message>
    <message>
        <source>Unreached attempts in the last 7 days: %1 of %2</source>
        <translation>7天内未接通次数:%1 / %2</translation>
    </message>
    <message>
        <source>Mean: —</source>
        <translation>平均分:—</translation>
    </message>
    <message>
        <source>Mean: %1</source>
        <translation>平均分:%1</translation>
    </message>
    <message>
        <source>(%1 of 5 scored)</source>
        <translation>(已评 %1/5 项)</translation>
    </message>
    <message>
        <source>Called earlier, at</source>
        <translation>回访时间(按通话记录)</translation>
    </message>
    <message numerus="yes">
        <source>Callback ended: unreachable (%1) after %n attempt(s)</source>
        <translation>
            <numerusform>回访结束:%n 次未接通,记为无法回访(%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>Callback limit %1: due %2 (%3)</source>
        <translation>回访时限 %1:截止 %2(%3)</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>Close %1</source>
        <translation>审核关单 %1</translation>
    </message>
    <message>
        <source>Close date</source>
        <translation>关单日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The callback is not finished (reached, or unreachable after the attempts). Closing without it needs the reason; the report counts it.</source>
        <translation>尚未完成回访(回访成功,或多次未接通后记为无法回访)。未回访关单须填写原因,报表将统计。</translation>
    </message>
    <message>
        <source>Closed without callback because</source>
        <translation>未回访关单原因</translation>
    </message>
    <message>
        <source>Close the order</source>
        <translation>确认关单</translation>
    </message>
    <message>
        <source>Not in the future</source>
        <translation>不能晚于今天</translation>
    </message>
    <message>
        <source>Not before the completion</source>
        <translation>不能早于完工日期</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Loaded %1</source>
        <translation>数据读取于 %1</translation>
    </message>
</context>
<context>
    <name>ConsoleTexts</name>
    <message>
        <source>Reached</source>
        <translation>回访成功</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无法接通</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝回访</translation>
    </message>
    <message>
        <source>Not the owner</source>
        <translation>非车主本人</translation>
    </message>
    <message>
        <source>Vehicle sold</source>
        <translation>车已转卖</translation>
    </message>
    <message>
        <source>Service skill</source>
        <translation>服务技能</translation>
    </message>
    <message>
        <source>Attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <source>Timeliness</source>
        <translation>服务及时性</translation>
    </message>
    <message>
        <source>Parts supply</source>
        <translation>配件供应</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>服务综合</translation>
    </message>
    <message>
        <source>Contact late</source>
        <translation>联系超时</translation>
    </message>
    <message>
        <source>Completion late</source>
        <translation>完工超时</translation>
    </message>
    <message>
        <source>Backdated entries</source>
        <translation>事后补录</translation>
    </message>
    <message>
        <source>Station clock off</source>
        <translation>服务站时钟偏差</translation>
    </message>
    <message>
        <source>Facts after cancellation</source>
        <translation>取消后仍有记录</translation>
    </message>
    <message>
        <source>Reopened before</source>
        <translation>曾被退回</translation>
    </message>
    <message>
        <source>Phone-entered</source>
        <translation>电话接单补录</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <source>Dispatcher</source>
        <translation>调度员</translation>
    </message>
    <message>
        <source>Dispatch reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Unaudited</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>Audited</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Hello, is this %1? I am calling from the manufacturer&apos;s customer service center about the service you had on %2. Could you spare two minutes?</source>
        <translation>您好,请问是%1吗?我是厂家客户服务中心的回访员,想就您%2的服务做个简单回访,耽误您两分钟可以吗?</translation>
    </message>
    <message>
        <source>station: arrived %1, finished %2</source>
        <translation>服务站报:到达 %1,完工 %2</translation>
    </message>
    <message>
        <source>Confirm identity: are you the owner, or were you there during the service?</source>
        <translation>确认身份:请问您是车主本人吗?服务时您在现场吗?</translation>
    </message>
    <message>
        <source>You reported: %1. Did the service station come (or call you)?</source>
        <translation>您反映的问题:%1。服务站是否与您联系并上门(或到站)处理了?</translation>
    </message>
    <message>
        <source>When did the technician arrive, and when did he finish?</source>
        <translation>服务人员什么时间到达?什么时间处理完的?</translation>
    </message>
    <message>
        <source>What was done, and which parts were replaced?</source>
        <translation>服务站给您做了哪些处理?更换了哪些配件?</translation>
    </message>
    <message>
        <source>Out of warranty: how much were you charged?</source>
        <translation>保外部分服务站向您收了多少费用?</translation>
    </message>
    <message>
        <source>How many kilometres (or working hours) does the vehicle show now?</source>
        <translation>车辆现在行驶了多少公里(或设备工作了多少小时)?</translation>
    </message>
    <message>
        <source>Where was it serviced?</source>
        <translation>这次是在什么地方给您服务的?</translation>
    </message>
    <message>
        <source>Is the problem solved? Is the vehicle running normally now?</source>
        <translation>问题解决了吗?车辆现在使用正常吗?</translation>
    </message>
    <message>
        <source>Is anything left unresolved?</source>
        <translation>还有没有遗留问题需要我们帮您处理?</translation>
    </message>
    <message>
        <source>Please rate from 1 (very dissatisfied) to 5 (very satisfied): service skill, attitude, timeliness, parts supply, overall.</source>
        <translation>请您按1分(非常不满意)到5分(非常满意)评价:服务技能、服务态度、服务及时性、配件供应、服务综合。</translation>
    </message>
    <message>
        <source>Please keep up regular maintenance; if anything comes up, call our service hotline. Thank you for your support, goodbye! (Let the customer hang up first.)</source>
        <translation>请您平时注意做好日常保养,如有问题请随时拨打我们的服务热线。感谢您对我们工作的支持,祝您生活愉快,再见!(请等用户先挂断电话。)</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>开场白</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>核实要点</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>满意度评价</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>结束语</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 working min</source>
        <translation>%1 工作分钟</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 个工作日</translation>
    </message>
    <message>
        <source>by the close of working day %1</source>
        <translation>第 %1 个工作日下班前</translation>
    </message>
    <message>
        <source>Filled in afterwards</source>
        <translation>完工后补录</translation>
    </message>
    <message>
        <source>Urged</source>
        <translation>已催办</translation>
    </message>
    <message>
        <source>Closed without callback</source>
        <translation>未回访关单</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Call center console — %1</source>
        <translation>呼叫中心控制台 — %1</translation>
    </message>
    <message>
        <source>Dispatch board</source>
        <translation>调度看板</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <source>%1 (%2) · %3</source>
        <translation>%1(%2)· %3</translation>
    </message>
</context>
<context>
    <name>CorrectedTimelineModel</name>
    <message>
        <source>Station clock off by %1 min; time corrected</source>
        <translation>服务站时钟偏差 %1 分钟,时间已校正</translation>
    </message>
</context>
<context>
    <name>IssueOrderDialog</name>
    <message>
        <source>Issue an order</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <source>numbered by the call center when empty</source>
        <translation>留空则由呼叫中心自动编号</translation>
    </message>
    <message>
        <source>Issue order</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>Choose a station</source>
        <translation>请选择服务站</translation>
    </message>
    <message>
        <source>Issue a %1 order to %2?
%3 %4 · %5
The station is alerted at once and its time limits start.</source>
        <translation>确定向%2派发一张%1工单吗?
%3 %4 · %5
服务站会立即收到提醒,时限随即开始计算。</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>Time limits in force</source>
        <translation>现行时限规则</translation>
    </message>
    <message>
        <source>Contact counts as: %1 · working hours: %2 · callback: unreachable after %3 attempts within %4 days, at least %5 min apart</source>
        <translation>联系以此为准:%1 · 工作时间:%2 · 回访:%4天内%3次未接通(每次间隔至少%5分钟)记为无法回访</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>计时方式</translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation>起算点</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出处</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign to another station</source>
        <translation>改派其他服务站</translation>
    </message>
    <message>
        <source>This station cannot go; reassigned to a nearby station</source>
        <translation>该服务站无法前往,改派就近服务站</translation>
    </message>
    <message>
        <source>New station</source>
        <translation>改派至</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Choose a station</source>
        <translation>请选择服务站</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Reassign %1 from %2 to %3?
The order leaves %2&apos;s list; %3 is alerted at once. Reason: %4</source>
        <translation>确定将 %1 从%2改派至%3吗?
该单将从%2的列表中移除,%3会立即收到提醒。原因:%4</translation>
    </message>
</context>
<context>
    <name>ReportTable</name>
    <message>
        <source>Station code</source>
        <translation>服务站代码</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Contact SLA met %</source>
        <translation>联系及时率 %</translation>
    </message>
    <message>
        <source>Completion SLA met %</source>
        <translation>完工及时率 %</translation>
    </message>
    <message>
        <source>Mean satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <source>Closed %</source>
        <translation>关单率 %</translation>
    </message>
    <message>
        <source>Reopened %</source>
        <translation>退回率 %</translation>
    </message>
    <message>
        <source>Callback SLA met %</source>
        <translation>回访及时率 %</translation>
    </message>
    <message>
        <source>Closed without callback</source>
        <translation>未回访关单</translation>
    </message>
    <message>
        <source>Urges</source>
        <translation>催办次数</translation>
    </message>
</context>
<context>
    <name>ReportsWidget</name>
    <message>
        <source>Load</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>SLA compliance per station</source>
        <translation>各服务站时限达标率</translation>
    </message>
    <message>
        <source>Satisfaction trend (daily mean)</source>
        <translation>满意度趋势(每日平均)</translation>
    </message>
    <message>
        <source>Contact SLA met %</source>
        <translation>联系及时率 %</translation>
    </message>
    <message>
        <source>Completion SLA met %</source>
        <translation>完工及时率 %</translation>
    </message>
    <message>
        <source>Mean satisfaction (1–5)</source>
        <translation>平均满意度(1–5)</translation>
    </message>
    <message>
        <source>station-report-%1-%2.csv</source>
        <translation>服务站报表-%1至%2.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>报表已保存到 %1</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>时限</translation>
    </message>
</context>
<context>
    <name>SendBackDialog</name>
    <message>
        <source>Send back %1</source>
        <translation>退回重办 %1</translation>
    </message>
    <message>
        <source>Re-fill: the report is incomplete or wrong; the station corrects it (no new visit)</source>
        <translation>退回重填:完工报告不完整或有误,由服务站更正(无需再次上门)</translation>
    </message>
    <message>
        <source>Redo: a new visit; the order is reopened and its time limits start again</source>
        <translation>退回重办:需再次上门,订单重新打开,时限重新起算</translation>
    </message>
    <message>
        <source>Reason (the station sees it)</source>
        <translation>原因(服务站可见)</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>退回重办</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>StationPicker</name>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
</context>
</TS>
